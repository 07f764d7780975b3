"""Request and response bodies of warnings, rectification and disposal."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import Field

from lianfang_shared.params import Day
from lianfang_warning.api.schemas import Attachment, Schema
from lianfang_warning.domain.vocab import Deadline, Measure, Severity


class WarningSummary(Schema):
    id: UUID
    warning_no: str
    case_id: UUID
    department_id: UUID
    department_name: str | None
    person_ids: list[UUID]
    person_names: list[str]
    severity: Severity
    severity_label: str
    summary: str
    state: str
    state_label: str
    authority: str
    authority_label: str
    issued_at: datetime
    respond_by: date
    rectify_by: date
    responsible_person_id: UUID | None
    responsible_person_name: str | None
    respond_overdue: bool
    rectify_overdue: bool
    rounds: int


class WarningList(Schema):
    items: list[WarningSummary]
    total: int


class ActionRead(Schema):
    id: UUID
    description: str
    done_on: date
    evidence: list[dict[str, Any]]
    recorded_at: datetime
    recorded_by: str


class MeasureRead(Schema):
    id: UUID
    measure: Measure
    measure_label: str
    person_id: UUID | None
    person_name: str | None
    reason: str
    applied_on: date
    conducted_by: str
    recorded_at: datetime
    recorded_by: str


class WarningRead(WarningSummary):
    content: str
    requirements: str
    risk_point_ids: list[UUID]
    issued_by: str
    acknowledged_at: datetime | None
    acknowledgement_note: str
    record: dict[str, Any] | None
    submitted_at: datetime | None
    evaluations: list[dict[str, Any]]
    accepted_at: datetime | None
    withdrawn_reason: str
    closed_at: datetime | None
    overdue: list[dict[str, Any]]
    extensions: list[dict[str, Any]]
    actions: list[ActionRead]
    measures: list[MeasureRead]
    allowed: list[str] = Field(description="commands possible in the current state")
    version: int


class AcknowledgementCreate(Schema):
    """The department starts at once and names who is responsible (责任到人)."""

    responsible_person_id: UUID
    note: str = Field("", max_length=2000)


class ActionCreate(Schema):
    description: str = Field(min_length=1, max_length=2000)
    done_on: Day
    evidence: list[Attachment] = Field(default_factory=list, max_length=20)


class RecordCreate(Schema):
    """The department's part of annex 7 (廉洁风险预警处置记录)."""

    cause: str = Field(min_length=1, max_length=5000, description="原因分析")
    measures_taken: str = Field(min_length=1, max_length=5000, description="整改情况")
    result: str = Field(min_length=1, max_length=5000, description="整改结果")
    completed_on: Day
    department_opinion: str = Field("", max_length=2000, description="部门负责人意见")


class ReturnCreate(Schema):
    reason: str = Field(min_length=1, max_length=2000)
    rectify_by: Day | None = Field(None, description="a new rectification deadline")


class AcceptCreate(Schema):
    evaluation: str = Field(min_length=1, max_length=2000)


class MeasureCreate(Schema):
    """A disposal measure: which, to whom (a person, or the department), when, by whom, why."""

    measure: Measure
    person_id: UUID | None = None
    reason: str = Field(min_length=1, max_length=2000)
    applied_on: Day | None = Field(None, description="default: today")
    conducted_by: str = Field("", max_length=100, description="who held the talk")


class DeadlineUpdate(Schema):
    deadline: Deadline
    due: Day
    reason: str = Field(min_length=1, max_length=1000)


class WithdrawalCreate(Schema):
    reason: str = Field(min_length=1, max_length=1000)
