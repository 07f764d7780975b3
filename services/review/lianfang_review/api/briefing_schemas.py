"""Request and response bodies of briefings (交底) and the briefings people owe."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import Field

from lianfang_review.api.schemas import Schema
from lianfang_review.domain.terms import KNOWINGS, BriefingLevel, DueStatus, Knowing
from lianfang_shared.params import Day


class BriefingCreate(Schema):
    """A briefing held: its level, what it covers, whom, when."""

    level: BriefingLevel
    title: str = Field(min_length=1, max_length=200)
    held_on: Day
    department_id: UUID | None = Field(None, description="needed for a department briefing")
    unit: str = Field("", max_length=200, description="the project or unit (项目/单位)")
    post_ids: list[UUID] = Field(
        default_factory=list, max_length=500, description="default: the department's posts, "
        "or the posts the audience holds",
    )  # fmt: skip
    person_ids: list[UUID] = Field(
        default_factory=list, max_length=1000, description="the audience; default: the "
        "department's members (department) or the factory leadership (leadership)",
    )  # fmt: skip


class AcknowledgementCreate(Schema):
    knowings: list[Knowing] = Field(
        default_factory=lambda: [Knowing(k) for k in KNOWINGS],
        min_length=1,
        description="the knowings acknowledged (default: all seven)",
    )


class Acknowledged(Schema):
    complete: bool
    knowings: list[Knowing]
    met: list[UUID] = Field(description="briefings owed that this acknowledgement met")


class KnowingRead(Schema):
    key: Knowing
    label: str


class BriefingSummary(Schema):
    id: UUID
    level: BriefingLevel
    level_label: str
    title: str
    department_id: UUID | None
    department_name: str | None
    unit: str
    held_on: date
    held_by: str
    item_count: int
    audience_count: int
    acknowledged_count: int


class BriefingList(Schema):
    items: list[BriefingSummary]
    total: int


class AudienceRead(Schema):
    person_id: UUID
    name: str
    knowings: list[Knowing]
    complete: bool


class BriefingRead(Schema):
    id: UUID
    level: BriefingLevel
    level_label: str
    title: str
    department_id: UUID | None
    unit: str
    held_on: date
    posts: list[dict[str, Any]]
    items: list[dict[str, Any]] = Field(description="the risk points told, as approved")
    powers: list[dict[str, Any]]
    checklist: list[KnowingRead] = Field(description="the seven knowings (七个知晓)")
    audience: list[AudienceRead]


class DueRead(Schema):
    id: UUID
    person_id: UUID
    person_name: str | None
    post_id: UUID
    post_name: str | None
    department_id: UUID
    department_name: str | None
    effective_on: date
    due_on: date
    cause: str
    cause_label: str
    status: DueStatus
    status_label: str
    late: bool = Field(description="still owed after the due date")
    briefing_id: UUID | None
    settled_on: date | None


class DueList(Schema):
    items: list[DueRead]
    total: int
