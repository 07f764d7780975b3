"""Request and response bodies of the approval ladder, meetings, the model and reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import Field

from lianfang_review.api.schemas import Schema
from lianfang_review.domain.vocab import ApproverRole
from lianfang_shared.params import Day


class Route(Schema):
    """Whom the ladder sends a point to."""

    role: ApproverRole
    role_label: str
    department_id: UUID | None
    person_ids: list[UUID]
    person_names: list[str]
    owner_rank: str | None
    owner_rank_label: str


class Decision(Schema):
    comment: str = Field("", max_length=2000)
    meeting_id: UUID | None = Field(None, description="the department meeting that decided")


class ReturnCreate(Schema):
    comment: str = Field(min_length=1, max_length=2000, description="what to change")
    meeting_id: UUID | None = None


class Approved(Schema):
    approved_version: int


class MeetingCreate(Schema):
    department_id: UUID
    held_on: Day
    attendee_ids: list[UUID] = Field(min_length=1, max_length=500)
    topic: str = Field("", max_length=500)


class MeetingRead(Schema):
    id: UUID
    department_id: UUID
    department_name: str | None
    held_on: date
    attendee_ids: list[UUID]
    member_ids: list[UUID]
    topic: str
    recorded_by: str
    recorded_at: datetime


class MeetingList(Schema):
    items: list[MeetingRead]
    total: int


class MeetingRefused(Schema):
    detail: str
    missing: list[dict[str, Any]]


class MeasureRule(Schema):
    min_measures: int = Field(ge=0, le=20)
    required_types: list[str] = Field(default_factory=list, max_length=4)


class ModelCreate(Schema):
    """A new version of the scoring model."""

    weights: dict[str, float] = Field(description="per factor, ≥ 0")
    thresholds: dict[str, float] = Field(description="high and medium, on the 1–5 score")
    measure_rules: dict[str, MeasureRule] = Field(description="per grade")
    note: str = Field("", max_length=500)


class ModelRead(Schema):
    version: int
    weights: dict[str, float]
    thresholds: dict[str, float]
    measure_rules: dict[str, MeasureRule]
    note: str


class ModelList(Schema):
    items: list[ModelRead]
    total: int


class Published(Schema):
    version: int


class HeatRow(Schema):
    high: int
    medium: int
    low: int
    ungraded: int
    total: int


class DepartmentHeat(HeatRow):
    department_id: UUID | None
    department_code: str | None
    department_name: str | None


class CategoryHeat(HeatRow):
    category: str
    category_label: str


class HeatMap(Schema):
    by_department: list[DepartmentHeat]
    by_category: list[CategoryHeat]
    totals: HeatRow
