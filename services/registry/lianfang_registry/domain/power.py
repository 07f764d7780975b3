"""Power (职权): an entry of a department's 职权目录, versioned, with responsibilities and flow.

The responsibility items (权力和责任清单) and the ordered process steps (业务工作运行流程图) live
in the power's own aggregate, so a power and everything hanging from it change consistently and
travel on one Kafka key.
"""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from lianfang_registry.domain.power_flow import BadOrder as BadOrder
from lianfang_registry.domain.power_flow import ProcessFlow
from lianfang_registry.domain.vocab import PowerStatus
from lianfang_shared.errors import Conflict, DomainError, NotFound

# The catalogue fields of a power besides its department and code (annex 1).
DETAILS = (
    "name",
    "category",
    "content",
    "basis",
    "handling_department",
    "subject",
    "conditions",
    "procedure",
    "time_limit",
    "responsibility",
    "supervision",
)


class PowerNotFound(NotFound):
    """No power with that id."""


class PowerExists(Conflict):
    """The department has a power with that code already."""


class LifecycleError(Conflict):
    """The command does not fit the power's status (e.g. amending a retired power)."""


class NothingChanged(DomainError):
    """An amendment that changes no field."""


class ItemNotFound(NotFound):
    """No responsibility item or process step with that id on this power."""


class Power(ProcessFlow, Aggregate):
    """A power; the id is derived from department and code, so codes are unique per department."""

    @staticmethod
    def create_id(department_id: UUID, code: str, **_: object) -> UUID:
        """The id of the power ``code`` of a department."""
        return uuid5(NAMESPACE_URL, f"lianfang:power:{department_id}:{code}")

    @event("Registered")
    def __init__(
        self,
        department_id: UUID,
        code: str,
        details: dict[str, str],
        status: PowerStatus = PowerStatus.draft,
    ) -> None:
        if PowerStatus(status) not in (PowerStatus.draft, PowerStatus.active):
            raise LifecycleError(f"a new power is draft or active, not {status}")
        self.department_id = department_id
        self.code = code
        self.details = dict(details)
        self.status = PowerStatus(status)
        self.revision = 1
        self.retired_reason = ""
        self.items: list[dict[str, Any]] = []
        self.steps: list[dict[str, Any]] = []

    @classmethod
    def register(
        cls, department_id: UUID, code: str, details: dict[str, str], status: PowerStatus
    ) -> Power:
        """A new power with every catalogue field (missing ones blank, unknown ones dropped)."""
        details = {k: str(details.get(k) or "") for k in DETAILS}
        return cls(department_id=department_id, code=code, details=details, status=status)

    def check_not_retired(self) -> None:
        if self.status is PowerStatus.retired:
            raise LifecycleError(f"power {self.code} is retired")

    # Lifecycle -------------------------------------------------------------------------------
    def amend(self, changes: dict[str, str], reason: str) -> None:
        """A new revision with the given fields changed, for a reason."""
        details = {**self.details, **{k: v for k, v in changes.items() if k in DETAILS}}
        changed = [k for k in DETAILS if details[k] != self.details[k]]
        if not changed:
            raise NothingChanged("the amendment changes nothing")
        self._amended(details, changed, reason, self.revision + 1)

    @event("Amended")
    def _amended(
        self, details: dict[str, str], changed: list[str], reason: str, revision: int
    ) -> None:
        self.check_not_retired()
        self.details = dict(details)
        self.revision = revision
        if self.status is not PowerStatus.draft:
            self.status = PowerStatus.amended

    @event("Activated")
    def activate(self) -> None:
        """Put a draft in force."""
        if self.status is not PowerStatus.draft:
            raise LifecycleError(f"power {self.code} is {self.status.value}, not a draft")
        self.status = PowerStatus.active

    @event("Retired")
    def retire(self, reason: str) -> None:
        """Take the power out of force; it stays in history."""
        self.check_not_retired()
        self.status = PowerStatus.retired
        self.retired_reason = reason

    # Responsibility items (annex 2) ------------------------------------------------------------
    @event("ResponsibilityItemAdded")
    def add_item(self, item_id: UUID, description: str, post_id: UUID) -> None:
        """A responsibility item and the post accountable for it."""
        self.check_not_retired()
        self.items.append({"id": item_id, "description": description, "post_id": post_id})

    @event("ResponsibilityItemRemoved")
    def remove_item(self, item_id: UUID) -> None:
        """Drop a responsibility item."""
        self.check_not_retired()
        self.items.remove(self._find(self.items, item_id))

    # Process flow (业务工作运行流程图): commands and event bodies in power_flow.py ------------
    # Bound here so the events stay Power.StepAdded etc. (see power_flow's docstring).
    _step_added = event("StepAdded")(ProcessFlow._step_added)
    _step_changed = event("StepChanged")(ProcessFlow._step_changed)
    reorder_steps = event("StepsReordered")(ProcessFlow.reorder_steps)
    remove_step = event("StepRemoved")(ProcessFlow.remove_step)

    @staticmethod
    def _find(entries: list[dict[str, Any]], entry_id: UUID) -> dict[str, Any]:
        for entry in entries:
            if entry["id"] == entry_id:
                return entry
        raise ItemNotFound(f"no item {entry_id}")
