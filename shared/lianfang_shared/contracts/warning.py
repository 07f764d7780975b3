"""Contracts published by the warning service (topic ``<prefix>.warning.events``).

Every warning event names the department warned (and, where there are any, the persons named
and the deadlines) so that notify can route it without asking warning. No contract carries a
signal's content or a whistleblower's identity; signal and case events name no persons, so a
routing rule cannot tip off whoever a report is about.
"""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import Field

from lianfang_shared.contracts import IntegrationEvent, contract

Channel = Literal[
    "inspection_tour",
    "audit",
    "special_check",
    "efficiency_supervision",
    "democratic_life_meeting",
    "duty_integrity_report",
    "democratic_appraisal",
    "cadre_evaluation",
    "whistleblowing",
    "case_investigation",
    "questionnaire",
    "online_opinion",
    "survey_symposium",
]
Severity = Literal["low", "medium", "high"]
Decision = Literal["no_action", "watch", "warn"]
Measure = Literal["risk_reminder", "reminder_talk", "admonishment_talk", "rectification_order"]
Authority = Literal["office", "leader_in_charge", "party_committee"]


@contract("lianfang.warning.signal.received")
class SignalReceived(IntegrationEvent):
    """A signal (预警信息) was recorded in a case; content and reporter stay in the service."""

    signal_id: UUID
    case_id: UUID
    channel: Channel
    received_on: date


@contract("lianfang.warning.case.assigned")
class CaseAssigned(IntegrationEvent):
    """Who handles the case now (user ids of office staff)."""

    case_id: UUID
    assignees: list[str]


@contract("lianfang.warning.case.merged")
class CaseMerged(IntegrationEvent):
    """A duplicate case was linked into ``into``; its signals belong there now."""

    case_id: UUID
    into: UUID


@contract("lianfang.warning.case.assessed")
class CaseAssessed(IntegrationEvent):
    """The office assessed the case (分析、研判、评估)."""

    case_id: UUID
    severity: Severity
    decision: Decision
    suggested_severity: Severity | None = Field(None, description="from review's grades")
    risk_point_ids: list[UUID]


@contract("lianfang.warning.case.closed")
class CaseClosed(IntegrationEvent):
    """The case is closed (办结)."""

    case_id: UUID
    outcome: Literal["no_action", "done"]


class WarningEvent(IntegrationEvent):
    """Base of the warning contracts (not a contract itself)."""

    warning_id: UUID
    case_id: UUID
    department_id: UUID


@contract("lianfang.warning.warning.issued")
class WarningIssued(WarningEvent):
    """A warning (风险预警) to a department and the persons it names, with its deadlines."""

    person_ids: list[UUID]
    severity: Severity
    summary: str
    risk_point_ids: list[UUID]
    respond_by: date
    rectify_by: date
    authority: Authority


@contract("lianfang.warning.warning.acknowledged")
class WarningAcknowledged(WarningEvent):
    """The department started handling it and named who is responsible."""

    responsible_person_id: UUID


@contract("lianfang.warning.warning.deadline_extended")
class DeadlineExtended(WarningEvent):
    """A deadline moved later."""

    deadline: Literal["respond", "rectify"]
    respond_by: date
    rectify_by: date
    reason: str


@contract("lianfang.warning.warning.acknowledgement_overdue")
class AcknowledgementOverdue(WarningEvent):
    """The response deadline passed without an acknowledgement (once per deadline)."""

    respond_by: date
    detected_on: date


@contract("lianfang.warning.rectification.action_recorded")
class RectificationActionRecorded(WarningEvent):
    """The department recorded a rectification action."""

    action_id: UUID
    done_on: date
    evidence_count: int


@contract("lianfang.warning.rectification.submitted")
class RectificationSubmitted(WarningEvent):
    """The department submitted the disposal record (annex 7) for evaluation."""

    round: int = Field(description="1 for the first submission, 2 after one return, …")
    responsible_person_id: UUID | None = None


@contract("lianfang.warning.rectification.returned")
class RectificationReturned(WarningEvent):
    """The office returned the record with its reasons."""

    reason: str
    rectify_by: date
    round: int


@contract("lianfang.warning.rectification.accepted")
class RectificationAccepted(WarningEvent):
    """The office accepted the rectification."""

    round: int


@contract("lianfang.warning.rectification.overdue")
class RectificationOverdue(WarningEvent):
    """The rectification deadline passed without a submitted record (once per deadline)."""

    rectify_by: date
    detected_on: date
    responsible_person_id: UUID | None = None


@contract("lianfang.warning.disposal_measure.applied")
class DisposalMeasureApplied(WarningEvent):
    """A disposal measure was applied to a person (or to the department: ``person_id`` None)."""

    measure_id: UUID
    measure: Measure
    person_id: UUID | None
    reason: str
    applied_on: date


@contract("lianfang.warning.warning.withdrawn")
class WarningWithdrawn(WarningEvent):
    """The office withdrew the warning."""

    reason: str


@contract("lianfang.warning.warning.closed")
class WarningClosed(WarningEvent):
    """The warning's case was closed; the warning is done."""
