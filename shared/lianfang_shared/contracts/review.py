"""Contracts published by the review service (topic ``<prefix>.review.events``).

Every risk-point event names its owner (department, post, person) so that notify can route
it without asking review; approval events also name the approver (a role and, for a leader in
charge, the persons). Grades travel as ``high`` / ``medium`` / ``low`` (高/中/低).
"""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from lianfang_shared.contracts import IntegrationEvent, contract

Scope = Literal["common_factory", "common_middle", "post", "leader"]
Category = Literal[
    "ideology", "post_duty", "business_process", "institution", "external", "power_operation"
]
Grade = Literal["high", "medium", "low"]
ApproverRole = Literal["department_meeting", "leader_in_charge", "party_committee"]
MeasureType = Literal["education", "institution", "process", "supervision"]
MeasureStage = Literal["prevention", "monitoring", "handling"]
MeasureStatus = Literal["planned", "in_progress", "done", "cancelled"]


class Owner(BaseModel):
    """Whose risk point it is: the department, and the post or person it belongs to."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    department_id: UUID | None
    post_id: UUID | None = None
    person_id: UUID | None = None
    scope: Scope


class Approver(BaseModel):
    """Who approves a risk point (the approval ladder, 审核)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: ApproverRole
    department_id: UUID | None = Field(None, description="the meeting's department")
    person_ids: list[UUID] = Field(default_factory=list, description="leaders in charge")
    owner_rank: str | None = None


class Measure(BaseModel):
    """A control measure (防控措施) as it now stands."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    measure_id: UUID
    text: str
    type: MeasureType
    stage: MeasureStage
    responsible_person_id: UUID | None = None
    due_on: date | None = None
    status: MeasureStatus = "planned"


class RiskPointEvent(IntegrationEvent):
    """Base of the risk-point contracts (not a contract itself)."""

    risk_point_id: UUID
    owner: Owner


@contract("lianfang.review.risk_point.proposed")
class RiskPointProposed(RiskPointEvent):
    """A risk point (风险点) was proposed; ``merged_from`` when the office merged common ones."""

    category: Category
    description: str
    power_id: UUID | None = None
    step_id: UUID | None = None
    merged_from: list[UUID] = Field(default_factory=list)


@contract("lianfang.review.risk_point.changed")
class RiskPointChanged(RiskPointEvent):
    """The description, category, linked power or process step changed (the new values)."""

    category: Category
    description: str
    power_id: UUID | None = None
    step_id: UUID | None = None


@contract("lianfang.review.risk_point.self_assessed")
class RiskPointSelfAssessed(RiskPointEvent):
    """The department scored the six factors and proposed a grade (自我评估)."""

    factors: dict[str, int]
    proposed_grade: Grade
    suggested_grade: Grade
    score: float
    model_version: int


@contract("lianfang.review.risk_point.graded")
class RiskPointGraded(RiskPointEvent):
    """The office decided the final grade for the first time (评审确定)."""

    grade: Grade
    reason: str
    model_version: int


@contract("lianfang.review.risk_point.grade_changed")
class RiskPointGradeChanged(RiskPointEvent):
    """The office changed a decided grade: from, to and why."""

    from_grade: Grade
    to_grade: Grade
    reason: str
    model_version: int


@contract("lianfang.review.risk_point.measures_changed")
class RiskPointMeasuresChanged(RiskPointEvent):
    """A control measure was added, changed, progressed or removed."""

    change: Literal["added", "changed", "progressed", "removed"]
    measure: Measure


@contract("lianfang.review.risk_point.submitted")
class RiskPointSubmitted(RiskPointEvent):
    """Submitted for approval; ``approver`` is whom the ladder routes it to."""

    approver: Approver
    grade: Grade


@contract("lianfang.review.risk_point.approved")
class RiskPointApproved(RiskPointEvent):
    """Approved; the approved version is frozen."""

    approver: Approver
    approved_version: int
    comment: str = ""
    meeting_id: UUID | None = None


@contract("lianfang.review.risk_point.returned")
class RiskPointReturned(RiskPointEvent):
    """Returned to the department with comments, to be changed and re-submitted."""

    approver: Approver
    comment: str
    meeting_id: UUID | None = None


@contract("lianfang.review.risk_point.reopened")
class RiskPointReopened(RiskPointEvent):
    """An approved (or submitted) point changed materially and must be approved again."""

    reason: Literal["grade", "measures", "power", "content", "re_review"]


@contract("lianfang.review.risk_point.needs_re_review")
class RiskPointNeedsReReview(RiskPointEvent):
    """Something in the registry changed under the point (power, step, person): revisit it."""

    cause: Literal[
        "power_amended",
        "power_retired",
        "step_changed",
        "step_removed",
        "person_transferred",
        "person_rank_changed",
    ]
    reason: str = Field(description="what changed, in words (Simplified Chinese)")
    source_event_id: str


@contract("lianfang.review.risk_point.merged")
class RiskPointMerged(RiskPointEvent):
    """A common point was merged into a factory-level point (``into``)."""

    into: UUID


@contract("lianfang.review.meeting.recorded")
class DepartmentMeetingRecorded(IntegrationEvent):
    """A department meeting (部门会议) with its date and attendees, valid for approvals."""

    meeting_id: UUID
    department_id: UUID
    held_on: date
    attendee_ids: list[UUID]
    member_count: int


@contract("lianfang.review.scoring_model.published")
class ScoringModelPublished(IntegrationEvent):
    """A new version of the grading model: factor weights, thresholds, measure rules."""

    version: int
    weights: dict[str, float]
    thresholds: dict[str, float]
    measure_rules: dict[str, dict[str, object]]
