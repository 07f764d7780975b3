"""Request and response bodies of cases: assessment, linking, assignment, closing."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import Field

from lianfang_shared.params import Day
from lianfang_warning.api.schemas import Schema, SignalRead
from lianfang_warning.api.warning_schemas import WarningSummary
from lianfang_warning.domain.vocab import Decision, Measure, Severity


class CaseSummary(Schema):
    id: UUID
    case_no: str
    title: str
    state: str
    state_label: str
    severity: Severity | None
    severity_label: str
    decision: Decision | None
    decision_label: str
    channels: list[str]
    channel_labels: list[str]
    department_ids: list[UUID]
    signal_count: int
    warning_count: int
    first_received_on: date | None
    opened_at: datetime
    assignees: list[str]


class CaseList(Schema):
    items: list[CaseSummary]
    total: int


class CaseRead(CaseSummary):
    suggested_severity: Severity | None
    reasoning: str
    risk_point_ids: list[UUID]
    assessed_at: datetime | None
    assessed_by: str | None
    merged_into: UUID | None
    closed_at: datetime | None
    outcome: str
    closing_summary: str
    version: int
    allowed: list[str] = Field(description="commands possible in the current state")
    signals: list[SignalRead]
    warnings: list[WarningSummary]


class AssigneesUpdate(Schema):
    assignees: list[str] = Field(min_length=1, max_length=20)


class MergeCreate(Schema):
    """Link the duplicate case ``case_id`` into this one (its signals and handlers move)."""

    case_id: UUID


class AssessmentCreate(Schema):
    """The office's analysis, judgement and assessment (分析、研判、评估)."""

    severity: Severity
    decision: Decision
    risk_point_ids: list[UUID] = Field(default_factory=list, max_length=50)
    reasoning: str = Field(min_length=1, max_length=5000)


class Assessed(Schema):
    suggested_severity: Severity | None


class GradedPoint(Schema):
    id: UUID
    grade: str | None
    grade_label: str


class Suggestion(Schema):
    """What review's current grades suggest (the office decides)."""

    risk_points: list[GradedPoint]
    severity: Severity | None
    severity_label: str
    measure: Measure | None
    measure_label: str


class ClosureCreate(Schema):
    summary: str = Field(min_length=1, max_length=2000)


class WarningCreate(Schema):
    """A warning (风险预警) as it reaches the department: what it discloses, and by when."""

    department_id: UUID
    person_ids: list[UUID] = Field(default_factory=list, max_length=20)
    severity: Severity | None = Field(None, description="default: the assessment's")
    summary: str = Field(min_length=1, max_length=200)
    content: str = Field(min_length=1, max_length=5000)
    requirements: str = Field("", max_length=5000, description="整改要求")
    risk_point_ids: list[UUID] | None = Field(None, description="default: the assessment's")
    respond_by: Day | None = Field(None, description="default: today + the response days")
    rectify_by: Day | None = Field(None, description="default: today + the rectify days")
