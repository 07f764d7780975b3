"""Request and response bodies of the notify API."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field, model_validator

from lianfang_notify.addresses import ADDRESS
from lianfang_shared.i18n import Locale

PushChannel = Literal["email", "wecom", "dingtalk", "feishu", "webhook"]
DeliveryStatus = Literal["pending", "sending", "sent", "failed", "held", "digested"]
_EMAIL = re.compile(
    r"^[^@\s<>,;\"]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}$|^[^@\s]+@localhost$"
)


class Schema(BaseModel):
    """Base of notify's schemas: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class NotificationRead(Schema):
    id: int
    event_type: str
    rule_id: str
    stage: Literal["event", "reminder", "escalation"]
    kind: str = Field(description="the template")
    text: str = Field(description="the one line (title) in the reader's language")
    body: str
    subject: str
    due_at: datetime | None
    created_at: datetime
    read: bool


class Inbox(Schema):
    items: list[NotificationRead]
    total: int
    unread: int


class Unread(Schema):
    unread: int


class ContactPointCreate(Schema):
    address: str = Field(pattern=ADDRESS, description="role:office, dept_head:<id>, person:<id>")
    channel: PushChannel
    target: str = Field(min_length=3, max_length=2000, description="an email address or a URL")
    secret: str = Field("", max_length=500, description="signing secret (DingTalk, Feishu, JSON)")
    locale: Locale = "zh-Hans"
    digest: bool = Field(False, description="one message a day instead of one per event")
    label: str = Field("", max_length=100)

    @model_validator(mode="after")
    def _target_fits_channel(self) -> ContactPointCreate:
        if self.channel == "email":
            if not _EMAIL.match(self.target):
                raise ValueError("target must be an email address")
        else:
            try:
                url = httpx.URL(self.target)
            except httpx.InvalidURL as e:  # not a ValueError: pydantic would let it through
                raise ValueError(f"target must be an http(s) URL: {e}") from None
            if url.scheme not in ("http", "https") or not url.host:
                raise ValueError("target must be an http(s) URL")
        if self.secret and self.channel in ("email", "wecom"):
            raise ValueError(f"a {self.channel} contact point has no secret")
        return self


class ContactPointUpdate(Schema):
    locale: Locale | None = None
    digest: bool | None = None
    label: str | None = Field(None, max_length=100)
    secret: str | None = Field(None, max_length=500)

    @model_validator(mode="after")
    def _something(self) -> ContactPointUpdate:
        if not self.model_fields_set:
            raise ValueError("nothing to change")
        return self


class ContactPointRead(Schema):
    id: int
    address: str
    channel: PushChannel
    target: str = Field(description="webhook URLs are shown masked")
    signed: bool
    locale: str
    digest: bool
    label: str
    created_at: datetime


class ContactPointList(Schema):
    items: list[ContactPointRead]
    total: int


class Created(Schema):
    id: int


class DeliveryRead(Schema):
    id: int
    notification_id: int | None
    contact_point_id: int
    address: str
    channel: PushChannel
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None
    last_error: str
    sent_at: datetime | None
    digest_day: date | None
    created_at: datetime
    event_type: str | None = None
    event_id: str | None = None
    rule_id: str | None = None


class DeliverySummary(Schema):
    deliveries: dict[str, dict[str, int]] = Field(description="channel -> state -> how many")
    schedules: dict[str, int] = Field(description="reminders and escalations per state")
    next_retry_at: datetime | None


class AttemptRead(Schema):
    attempt: int
    at: datetime
    ok: bool
    detail: str


class DeliveryDetail(DeliveryRead):
    history: list[AttemptRead]


class NotificationStatus(Schema):
    id: int
    event_id: str
    event_type: str
    rule_id: str
    stage: str
    address: str
    subject: str
    due_at: datetime | None
    created_at: datetime
    inbox: bool
    deliveries: dict[str, int] = Field(description="how many deliveries are in each state")


class NotificationDetail(Schema):
    notification: NotificationStatus
    deliveries: list[DeliveryRead]


class ScheduleRead(Schema):
    id: int
    rule_id: str
    deadline: str
    key: str
    stage: str
    kind: Literal["reminder", "escalation"]
    level: int
    fire_at: datetime
    due_at: datetime
    event_type: str
    subject: str
    addresses: list[str]
    status: Literal["pending", "fired", "cancelled", "superseded"]
    settled_at: datetime | None


def masked(channel: str, target: str) -> str:
    """A webhook URL without its token (the host and the last four characters)."""
    if channel == "email":
        return target
    url = httpx.URL(target)
    return f"{url.scheme}://{url.host}/…{target[-4:]}"
