"""The rule format (data): one rule per event type and audience.

A rule reads only the fields it names from an event's body; nothing else is kept or rendered.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from lianfang_notify.routing.data import get
from lianfang_shared.auth import Role

Channel = Literal["inbox", "email", "wecom", "dingtalk", "feishu", "webhook"]
CHANNELS: tuple[Channel, ...] = get_args(Channel)
# A dotted path into an event's body, e.g. ``owner.department_id``.
Path = Annotated[
    str, StringConstraints(pattern=r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$", max_length=100)
]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
EventType = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$", max_length=200)
]
Value = str | int | bool | None


class Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Recipient(Base):
    """Whom to tell: a role, or the department head / leader in charge / person / user named
    by a field of the event (a field may hold one id or a list of them)."""

    kind: Literal["role", "department_head", "leader_in_charge", "person", "user"]
    role: Role | None = None
    field: Path | None = None

    @model_validator(mode="after")
    def _role_or_field(self) -> Recipient:
        if (self.kind == "role") != (self.role is not None):
            raise ValueError("a role recipient names a role, and only it does")
        if (self.kind == "role") == (self.field is not None):
            raise ValueError(f"a {self.kind} recipient names the event field holding the id")
        return self

    @property
    def reads(self) -> list[str]:
        """The event fields this recipient reads."""
        return [self.field] if self.field else []


class Escalation(Base):
    """After the deadline (plus ``after``), tell the next level up."""

    after: timedelta = Field(timedelta(0), description="ISO 8601 duration after the deadline")
    to: list[Recipient] = Field(min_length=1)


class Deadline(Base):
    """A deadline in the event: reminders before it, escalations after it, until an event of
    a ``cancel_on`` type about the same thing arrives."""

    name: Slug
    field: Path
    remind_before: list[timedelta] = Field(default_factory=list, max_length=5)
    escalations: list[Escalation] = Field(default_factory=list, max_length=5)
    cancel_on: list[EventType] = Field(default_factory=list)
    key_fields: list[Path] = Field(
        default_factory=list,
        max_length=3,
        description="fields identifying the thing together (default: the event's subject)",
    )

    @model_validator(mode="after")
    def _positive(self) -> Deadline:
        if any(d <= timedelta(0) for d in self.remind_before):
            raise ValueError("remind_before durations must be positive")
        if any(e.after < timedelta(0) for e in self.escalations):
            raise ValueError("escalation delays must not be negative")
        return self


class Rule(Base):
    """One routing rule."""

    event_type: EventType
    description: str = Field("", max_length=500)
    enabled: bool = True
    when: dict[Path, list[Value]] = Field(
        default_factory=dict, description="field -> allowed values; all must match"
    )
    recipients: list[Recipient] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=lambda: list(CHANNELS), min_length=1)
    template: Slug | None = Field(None, description="the message (needed to notify)")
    fields: list[Path] = Field(
        default_factory=list, description="event fields the message may show"
    )
    departments: dict[Name, Path] = Field(
        default_factory=dict, description="name -> field holding a department id (its name)"
    )
    persons: dict[Name, Path] = Field(
        default_factory=dict, description="name -> field holding a person id (their name)"
    )
    remember: list[Path] = Field(
        default_factory=list,
        description="event fields kept for later messages about the same subject",
    )
    recall: list[Name] = Field(
        default_factory=list, description="names remembered from earlier events of the subject"
    )
    notify: bool = Field(True, description="tell the recipients at once (else only deadlines)")
    deadlines: list[Deadline] = Field(default_factory=list, max_length=5)

    @model_validator(mode="after")
    def _does_something(self) -> Rule:
        if self.notify and not self.recipients:
            raise ValueError("a rule that notifies needs recipients")
        if not (self.notify or self.deadlines or self.remember):
            raise ValueError("a rule must notify, plan deadlines or remember something")
        if (self.notify or self.deadlines) and self.template is None:
            raise ValueError("a rule that notifies or plans deadlines needs a template")
        return self

    def matches(self, data: dict[str, Any]) -> bool:
        """True if every ``when`` condition holds for the event's body."""
        return all(get(data, path) in allowed for path, allowed in self.when.items())

    @property
    def names(self) -> set[str]:
        """Top-level names a template of this rule may use."""
        own = {p.split(".")[0] for p in self.fields} | set(self.departments) | set(self.persons)
        return own | set(self.recall) | STANDARD_NAMES


# Names every message may use besides the rule's own.
STANDARD_NAMES = frozenset(
    {"event_type", "occurred_at", "due_at", "stage", "notice", "level", "portal_url"}
)


class RuleRecord(Rule):
    """A rule with its id and where it comes from."""

    id: Slug
    source: Literal["default", "custom", "customised"] = "default"
