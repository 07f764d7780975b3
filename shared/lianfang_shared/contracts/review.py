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


# Commitments, briefings, publication, inspections and the annual assessment (review II) --------
# Every event a person must act on names the person and the department, and the date it is due
# by, so that notify can route it and plan reminders without asking review.

StaleCause = Literal[
    "appointed",
    "post_changed",
    "rank_changed",
    "risk_points_changed",
    "measures_changed",
    "expired",
]
RecipientRole = Literal[
    "department_leadership", "leader_in_charge", "party_secretary", "superior_party_organisation"
]
BriefingLevel = Literal["project", "leadership", "department", "individual"]
Knowing = Literal[
    "powers", "risk_points", "grades", "measures", "rules", "supervision", "accountability"
]
CheckItem = Literal[
    "coverage", "overdue_measures", "overdue_rectifications", "stale_commitments", "other"
]


class Recipient(BaseModel):
    """Whom a commitment is made to: the department leadership (key-post staff), the leader in
    charge (middle cadres), the party secretary (leadership members)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: RecipientRole
    department_id: UUID | None = None
    person_ids: list[UUID] = Field(default_factory=list)


class CommitmentEvent(IntegrationEvent):
    """Base of the commitment contracts (not a contract itself)."""

    commitment_id: UUID
    person_id: UUID
    department_id: UUID | None = None


@contract("lianfang.review.commitment.generated")
class CommitmentGenerated(CommitmentEvent):
    """A new version of a person's integrity commitment (廉洁承诺), awaiting signature."""

    version: int
    rank: str
    recipient: Recipient
    risk_point_ids: list[UUID]
    template_version: int
    digest: str = Field(description="SHA-256 of the version's content")


@contract("lianfang.review.commitment.stale")
class CommitmentStale(CommitmentEvent):
    """A new commitment is required by ``renew_by``: what it lists changed, the person took up
    or changed a post or rank, or it ran out; ``version`` None when there was none before."""

    cause: StaleCause
    reason: str = Field(description="what changed, in words (Simplified Chinese)")
    renew_by: date
    version: int | None = None


@contract("lianfang.review.commitment.signed")
class CommitmentSigned(CommitmentEvent):
    """The person signed a version (its digest), in force until ``valid_until``."""

    version: int
    digest: str
    signed_on: date
    valid_until: date


@contract("lianfang.review.commitment.received")
class CommitmentReceived(CommitmentEvent):
    """The recipient took the signed commitment."""

    version: int
    received_on: date


@contract("lianfang.review.commitment.publicised")
class CommitmentPublicised(CommitmentEvent):
    """The signed commitment is publicised (公示) from ``start_on`` to ``end_on``."""

    version: int
    start_on: date
    end_on: date


@contract("lianfang.review.commitment.renewal_due")
class CommitmentRenewalDue(CommitmentEvent):
    """The signed commitment runs out on ``renew_by``: a new one is to be signed by then."""

    version: int
    renew_by: date


@contract("lianfang.review.commitment_template.published")
class CommitmentTemplatePublished(IntegrationEvent):
    """A new version of the commitment template (fixed clauses and layout)."""

    version: int
    note: str = ""


class BriefingDueEvent(IntegrationEvent):
    """Base of the contracts of a briefing owed for a new post (not a contract itself)."""

    person_id: UUID
    post_id: UUID
    department_id: UUID
    due_on: date


@contract("lianfang.review.briefing.owed")
class BriefingOwed(BriefingDueEvent):
    """A person appointed or transferred owes a briefing (交底) for the post by ``due_on``."""

    effective_on: date
    cause: Literal["appointed", "transferred"]


@contract("lianfang.review.briefing.overdue")
class BriefingOverdue(BriefingDueEvent):
    """The briefing owed was not acknowledged by its due date."""

    overdue_on: date


@contract("lianfang.review.briefing.acknowledged")
class BriefingAcknowledged(BriefingDueEvent):
    """The briefing owed is met: the person acknowledged a briefing covering the post."""

    briefing_id: UUID
    met_on: date


@contract("lianfang.review.briefing.withdrawn")
class BriefingWithdrawn(BriefingDueEvent):
    """The briefing is no longer owed (the person left the post or the factory)."""

    reason: str


@contract("lianfang.review.briefing.held")
class BriefingHeld(IntegrationEvent):
    """A briefing of a scope's risks to its audience (project, leadership, department,
    individual), with the risk points told."""

    briefing_id: UUID
    level: BriefingLevel
    department_id: UUID | None = None
    unit: str = ""
    post_ids: list[UUID]
    person_ids: list[UUID] = Field(description="the audience")
    held_on: date
    risk_point_ids: list[UUID]


@contract("lianfang.review.briefing.knowings_acknowledged")
class BriefingKnowingsAcknowledged(IntegrationEvent):
    """A person acknowledged some of the seven knowings (七个知晓) of a briefing."""

    briefing_id: UUID
    person_id: UUID
    department_id: UUID | None = None
    knowings: list[Knowing]
    complete: bool


@contract("lianfang.review.publication.published")
class ListPublished(IntegrationEvent):
    """An approved list was published (公开) for a department, or the factory (None), as an
    immutable version that can be cited."""

    publication_id: UUID
    kind: Literal["powers_and_responsibilities", "risks_and_measures"]
    department_id: UUID | None = None
    version: int
    title: str
    published_on: date
    digest: str
    row_count: int


class InspectionEvent(IntegrationEvent):
    """Base of the inspection contracts (not a contract itself)."""

    inspection_id: UUID
    department_id: UUID


@contract("lianfang.review.inspection.planned")
class InspectionPlanned(InspectionEvent):
    """A quarterly supervision inspection (季度监督检查) is due by ``due_on``."""

    year: int
    quarter: str = Field(description="e.g. 2026Q3")
    due_on: date


@contract("lianfang.review.inspection.finding_assigned")
class InspectionFindingAssigned(InspectionEvent):
    """A finding to follow up by ``owner_person_id`` before ``due_on``."""

    finding_id: UUID
    item: CheckItem
    description: str
    severity: Grade
    owner_person_id: UUID
    due_on: date


@contract("lianfang.review.inspection.finding_closed")
class InspectionFindingClosed(InspectionEvent):
    """A finding was followed up and closed."""

    finding_id: UUID
    closed_on: date
    note: str = ""


@contract("lianfang.review.inspection.completed")
class InspectionCompleted(InspectionEvent):
    """The inspection is completed; ``figures`` are the checklist's figures of the day."""

    quarter: str
    completed_on: date
    figures: dict[str, float]
    finding_count: int


class AssessmentRow(BaseModel):
    """One component of an assessment's score: value (0–100) × weight = points."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    component: Literal["identification", "commitment", "briefing", "measures", "findings"]
    value: float
    weight: float
    points: float


@contract("lianfang.review.assessment.assessed")
class DepartmentAssessed(IntegrationEvent):
    """A department's annual assessment (年度考核) was computed; the rows add up to the score."""

    assessment_id: UUID
    department_id: UUID
    year: int
    score: float
    model_version: int
    rows: list[AssessmentRow]


@contract("lianfang.review.assessment.adjusted")
class AssessmentAdjusted(IntegrationEvent):
    """The office adjusted an assessment's score, with its reason (the computation stays)."""

    assessment_id: UUID
    department_id: UUID
    year: int
    from_score: float
    to_score: float
    reason: str


@contract("lianfang.review.assessment_model.published")
class AssessmentModelPublished(IntegrationEvent):
    """A new version of the assessment model: component weights and finding deductions."""

    version: int
    weights: dict[str, float]
    deductions: dict[str, float]
