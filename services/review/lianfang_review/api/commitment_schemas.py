"""Request and response bodies of integrity commitments and their template."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import Field

from lianfang_review.api.schemas import Schema
from lianfang_review.domain.terms import CommitmentStatus
from lianfang_shared.params import Day

Lang = Literal["zh-Hans", "zh-Hant", "en"]
Digest = Field(pattern=r"^[0-9a-f]{64}$", description="the version's digest, as read")


class TemplateCreate(Schema):
    """A new version of the commitment template: a title and a jinja2 body per language
    (zh-Hans required)."""

    title: dict[Lang, str] = Field(min_length=1)
    body: dict[Lang, str] = Field(min_length=1)
    note: str = Field("", max_length=500)


class TemplateRead(Schema):
    version: int
    title: dict[str, str]
    body: dict[str, str]
    note: str


class TemplateList(Schema):
    items: list[TemplateRead]
    total: int


class CommitmentCreate(Schema):
    person_id: UUID


class Generated(Schema):
    person_id: UUID
    version: int
    digest: str


class SignatureCreate(Schema):
    version: int = Field(ge=1)
    digest: str = Digest


class ReceiptCreate(Schema):
    version: int = Field(ge=1)


class PublicityCreate(Schema):
    version: int = Field(ge=1)
    start_on: Day | None = Field(None, description="default: today")
    end_on: Day | None = Field(None, description="default: start + the publicity days")


class Publicity(Schema):
    start_on: date
    end_on: date


class CommitmentSummary(Schema):
    person_id: UUID
    person_name: str
    staff_no: str
    department_id: UUID | None
    department_name: str | None
    rank: str | None
    rank_label: str
    status: CommitmentStatus
    status_label: str
    version: int | None
    signed_on: date | None
    valid_until: date | None
    received_on: date | None
    publicity_start: date | None
    publicity_end: date | None
    publicised_now: bool
    owed_cause: str | None
    owed_cause_label: str
    owed_reason: str | None
    renew_by: date | None


class CommitmentList(Schema):
    items: list[CommitmentSummary]
    total: int


class CommitmentVersion(Schema):
    """One version of a commitment's content, as generated (and signed, received,
    publicised)."""

    version: int
    digest: str
    generated_on: date
    template_version: int
    rank: str
    rank_label: str
    posts: list[dict[str, Any]]
    recipient: dict[str, Any]
    recipient_text: str
    items: list[dict[str, Any]]
    signed: dict[str, Any] | None
    received: dict[str, Any] | None
    publicity: dict[str, Any] | None


class CommitmentRead(Schema):
    person_id: UUID
    department_id: UUID | None
    status: CommitmentStatus
    status_label: str
    owed: dict[str, Any] | None
    valid_until: date | None
    versions: int
    content: CommitmentVersion | None = Field(description="the version asked for, or the newest")


class HistoryEntry(Schema):
    version: int
    event: str
    at: datetime
    actor: str
    data: dict[str, Any]
