"""Request and response bodies of inspections and the annual assessment."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import Field

from lianfang_review.api.schemas import Schema
from lianfang_review.domain.terms import CheckItem
from lianfang_review.domain.vocab import Grade
from lianfang_shared.params import Day

Year = Field(ge=2000, le=2100)


class InspectionPlan(Schema):
    year: int = Year
    quarter: int = Field(ge=1, le=4)
    department_ids: list[UUID] = Field(
        default_factory=list, max_length=500, description="default: every department"
    )
    due_on: Day | None = Field(None, description="default: the quarter's end + the due days")


class Planned(Schema):
    ids: list[UUID]


class FindingCreate(Schema):
    item: CheckItem
    description: str = Field(min_length=1, max_length=2000)
    severity: Grade
    owner_person_id: UUID = Field(description="who follows it up")
    due_on: Day


class FindingClosure(Schema):
    note: str = Field("", max_length=2000)


class Completion(Schema):
    summary: str = Field("", max_length=4000)


class InspectionSummary(Schema):
    id: UUID
    department_id: UUID
    department_name: str | None
    year: int
    quarter: int
    due_on: date
    status: str
    status_label: str
    completed_on: date | None
    finding_count: int


class InspectionRead(InspectionSummary):
    summary: str
    findings: list[dict[str, Any]]
    figures: dict[str, Any] | None = Field(description="frozen at completion")


class AssessmentModelCreate(Schema):
    weights: dict[str, float] = Field(description="per component, adding up to 1")
    deductions: dict[str, float] = Field(description="points lost per finding by severity")
    note: str = Field("", max_length=500)


class AssessmentModelRead(Schema):
    version: int
    weights: dict[str, float]
    deductions: dict[str, float]
    note: str


class AssessmentRequest(Schema):
    year: int = Year
    department_ids: list[UUID] = Field(
        default_factory=list, max_length=500, description="default: every one inspected"
    )


class AssessmentResult(Schema):
    department_id: UUID
    score: float | None
    changed: bool


class AdjustmentCreate(Schema):
    score: float = Field(ge=0, le=100)
    reason: str = Field(min_length=1, max_length=2000)


class AssessmentRead(Schema):
    department_id: UUID
    department_name: str | None
    year: int
    score: float | None
    computed_score: float | None
    model_version: int | None
    rows: list[dict[str, Any]]
    adjustment: dict[str, Any] | None
    history: list[dict[str, Any]]
