"""Request and response bodies of intake: signals, attachments, the reporter's identity."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from lianfang_shared.params import Day
from lianfang_warning.domain.vocab import Channel


class Schema(BaseModel):
    """Base of warning schemas: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Created(Schema):
    id: UUID


class Attachment(Schema):
    """An attachment's metadata and hash (the file itself stays where the office keeps it)."""

    name: str = Field(min_length=1, max_length=255)
    media_type: str = Field(
        "application/octet-stream", max_length=100, pattern=r"^[\w.+-]+/[\w.+-]+$"
    )
    size: int = Field(ge=0, le=10**12, description="bytes")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the file, hex")
    description: str = Field("", max_length=500)


class ReporterIdentity(Schema):
    """Who reported (信访举报人): sealed at rest; readable by the case's handlers only."""

    name: str = Field(min_length=1, max_length=100, repr=False)
    contact: str = Field("", max_length=200, repr=False)
    organisation: str = Field("", max_length=200, repr=False)
    note: str = Field("", max_length=2000, repr=False)


class SignalCreate(Schema):
    """A signal (预警信息) as received; ``reporter`` for named 信访举报 reports only."""

    channel: Channel
    received_on: Day
    summary: str = Field(min_length=1, max_length=200, description="shown in lists")
    content: str = Field(min_length=1, max_length=20000)
    source_ref: str = Field("", max_length=200, description="来源文号, e.g. the audit report")
    department_ids: list[UUID] = Field(default_factory=list, max_length=50)
    person_ids: list[UUID] = Field(default_factory=list, max_length=50)
    risk_point_ids: list[UUID] = Field(default_factory=list, max_length=50)
    attachments: list[Attachment] = Field(default_factory=list, max_length=50)
    reporter: ReporterIdentity | None = None
    case_id: UUID | None = Field(None, description="add to this case instead of opening one")
    assignees: list[str] = Field(
        default_factory=list, max_length=20, description="office users handling the case"
    )


class SignalCreated(Schema):
    signal_id: UUID
    case_id: UUID


class SignalRead(Schema):
    id: UUID
    case_id: UUID
    channel: Channel
    channel_label: str
    received_on: date
    summary: str
    content: str
    source_ref: str
    department_ids: list[UUID]
    person_ids: list[UUID]
    risk_point_ids: list[UUID]
    attachments: list[dict[str, Any]]
    anonymous: bool = Field(description="no identity recorded")
    identity_reads: int
    recorded_at: datetime
    recorded_by: str


class IdentityReadCreate(Schema):
    """Why the handler needs the identity (recorded with the read)."""

    reason: str = Field(min_length=1, max_length=500)


class IdentityRead(Schema):
    """The reporter's identity (never cached: ``Cache-Control: no-store``)."""

    name: str
    contact: str
    organisation: str
    note: str
    read_by: str
    read_at: datetime


class Imported(Schema):
    imported: int
    signal_ids: list[UUID]


class Rejection(Schema):
    detail: str
    errors: list[dict[str, Any]]
