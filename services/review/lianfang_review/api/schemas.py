"""Request and response bodies of risk points, grading and measures."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from lianfang_review.domain.vocab import (
    Category,
    Grade,
    MeasureStatus,
    MeasureType,
    Scope,
    Stage,
    Status,
)
from lianfang_shared.params import Day

Score = Field(ge=1, le=5)
Text = Field(min_length=1, max_length=2000)


class Schema(BaseModel):
    """Base of review schemas: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Created(Schema):
    id: UUID


class RiskPointCreate(Schema):
    scope: Scope
    category: Category
    description: str = Field(min_length=1, max_length=2000, description="表现形式")
    department_id: UUID | None = Field(None, description="owner department (a post's if omitted)")
    post_id: UUID | None = None
    person_id: UUID | None = None
    power_id: UUID | None = None
    step_id: UUID | None = None


class RiskPointUpdate(Schema):
    description: str | None = Field(None, min_length=1, max_length=2000)
    category: Category | None = None
    power_id: UUID | None = None
    step_id: UUID | None = None
    unlink_step: bool = False


class MergeCreate(Schema):
    risk_point_ids: list[UUID] = Field(min_length=2, max_length=200)
    category: Category
    description: str = Text
    department_id: UUID | None = Field(None, description="the owner, e.g. the office's 监察部")
    power_id: UUID | None = None


class Factors(Schema):
    """The six factors, each 1 (least) to 5 (most)."""

    importance: int = Score
    discretion: int = Score
    funds_flow: int = Score
    probability: int = Score
    concealment: int = Score
    harm: int = Score


class SelfAssessmentCreate(Schema):
    factors: Factors
    proposed_grade: Grade
    note: str = Field("", max_length=2000)


class Assessment(Schema):
    factors: dict[str, int]
    proposed_grade: Grade
    proposed_grade_label: str = ""
    suggested_grade: Grade
    suggested_grade_label: str = ""
    score: float
    model_version: int
    note: str


class GradeDecision(Schema):
    grade: Grade
    reason: str = Text


class GradeChange(Schema):
    """One grade proposal (self-assessment) or decision (office), as it happened."""

    version: int
    kind: str
    at: datetime
    actor: str
    from_grade: Grade | None
    to_grade: Grade
    to_grade_label: str
    suggested_grade: Grade | None = None
    score: float | None = None
    reason: str
    model_version: int


class MeasureCreate(Schema):
    text: str = Text
    type: MeasureType
    stage: Stage
    responsible_person_id: UUID | None = None
    due_on: Day | None = None


class MeasureUpdate(Schema):
    text: str | None = Field(None, min_length=1, max_length=2000)
    type: MeasureType | None = None
    stage: Stage | None = None
    responsible_person_id: UUID | None = None
    due_on: Day | None = None
    status: MeasureStatus | None = None


class MeasureRead(Schema):
    id: UUID
    text: str
    type: MeasureType
    type_label: str
    stage: Stage
    stage_label: str
    responsible_person_id: UUID | None
    responsible_name: str | None = None
    due_on: date | None
    status: MeasureStatus
    status_label: str


class RiskPointSummary(Schema):
    id: UUID
    scope: Scope
    scope_label: str
    category: Category
    category_label: str
    description: str
    department_id: UUID | None
    department_name: str | None
    post_id: UUID | None
    post_name: str | None
    person_id: UUID | None
    person_name: str | None
    power_id: UUID | None
    power_code: str | None
    power_name: str | None
    step_id: UUID | None
    step_name: str | None
    status: Status
    status_label: str
    proposed_grade: Grade | None
    grade: Grade | None
    grade_label: str
    approver_role: str | None
    approver_label: str
    needs_re_review: bool
    measure_count: int
    merged_into: UUID | None
    merged_from: list[UUID]
    version: int


class RiskPointList(Schema):
    items: list[RiskPointSummary]
    total: int


class RiskPointRead(Schema):
    """A risk point from its own events (optionally as it was at a version)."""

    id: UUID
    version: int
    scope: Scope
    scope_label: str
    category: Category
    category_label: str
    description: str
    department_id: UUID | None
    post_id: UUID | None
    person_id: UUID | None
    power_id: UUID | None
    step_id: UUID | None
    status: Status
    status_label: str
    assessment: Assessment | None
    grade: Grade | None
    grade_label: str
    measures: list[MeasureRead]
    route: dict[str, Any] | None
    approved_version: int | None
    needs_re_review: bool
    re_review: list[dict[str, Any]]
    merged_into: UUID | None
    merged_from: list[UUID]


class HistoryEntry(Schema):
    version: int
    event: str
    at: datetime
    actor: str
    data: dict[str, Any]
