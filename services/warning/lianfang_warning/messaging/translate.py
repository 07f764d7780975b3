"""Domain event → integration contract (the only things that leave the service).

Signal content, the reporter's identity (sealed or not), identity reads, and the wording of
warnings beyond their summary stay inside the service.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lianfang_shared.contracts import IntegrationEvent
from lianfang_shared.contracts import warning as c
from lianfang_warning.domain.case import Case
from lianfang_warning.domain.signal import Signal
from lianfang_warning.domain.warning import RiskWarning


def _routing(e: Any) -> dict[str, Any]:
    return {
        "warning_id": e.originator_id,
        "case_id": e.ref["case_id"],
        "department_id": e.ref["department_id"],
    }


def _overdue(e: Any) -> IntegrationEvent:
    if str(e.deadline) == "respond":
        return c.AcknowledgementOverdue(**_routing(e), respond_by=e.due, detected_on=e.detected_on)
    return c.RectificationOverdue(
        **_routing(e),
        rectify_by=e.due,
        detected_on=e.detected_on,
        responsible_person_id=e.ref["responsible_person_id"],
    )


def _extended(e: Any) -> IntegrationEvent:
    respond = str(e.deadline) == "respond"
    return c.DeadlineExtended(
        **_routing(e),
        deadline=str(e.deadline),
        respond_by=e.due if respond else e.ref["respond_by"],
        rectify_by=e.ref["rectify_by"] if respond else e.due,
        reason=e.reason,
    )


_TRANSLATIONS: dict[type, Callable[[Any], IntegrationEvent]] = {
    Signal.Received: lambda e: c.SignalReceived(
        signal_id=e.originator_id,
        case_id=e.case_id,
        channel=str(e.channel),
        received_on=e.received_on,
    ),
    Case.Assigned: lambda e: c.CaseAssigned(case_id=e.originator_id, assignees=e.assignees),
    Case.MergedInto: lambda e: c.CaseMerged(case_id=e.originator_id, into=e.case_id),
    Case.Assessed: lambda e: c.CaseAssessed(
        case_id=e.originator_id,
        severity=str(e.severity),
        decision=str(e.decision),
        suggested_severity=str(e.suggested_severity) if e.suggested_severity else None,
        risk_point_ids=e.risk_point_ids,
    ),
    Case.Closed: lambda e: c.CaseClosed(case_id=e.originator_id, outcome="done"),
    RiskWarning.Issued: lambda e: c.WarningIssued(
        warning_id=e.originator_id,
        case_id=e.case_id,
        department_id=e.department_id,
        person_ids=e.person_ids,
        severity=str(e.severity),
        summary=e.summary,
        risk_point_ids=e.risk_point_ids,
        respond_by=e.respond_by,
        rectify_by=e.rectify_by,
        authority=str(e.authority),
    ),
    RiskWarning.Acknowledged: lambda e: c.WarningAcknowledged(
        **_routing(e), responsible_person_id=e.responsible_person_id
    ),
    RiskWarning.ActionRecorded: lambda e: c.RectificationActionRecorded(
        **_routing(e), action_id=e.action_id, done_on=e.done_on, evidence_count=len(e.evidence)
    ),
    RiskWarning.RecordSubmitted: lambda e: c.RectificationSubmitted(
        **_routing(e),
        round=e.ref["round"] + 1,
        responsible_person_id=e.ref["responsible_person_id"],
    ),
    RiskWarning.Returned: lambda e: c.RectificationReturned(
        **_routing(e), reason=e.reason, rectify_by=e.rectify_by, round=e.ref["round"]
    ),
    RiskWarning.Accepted: lambda e: c.RectificationAccepted(**_routing(e), round=e.ref["round"]),
    RiskWarning.MeasureApplied: lambda e: c.DisposalMeasureApplied(
        **_routing(e),
        measure_id=e.measure_id,
        measure=str(e.measure),
        person_id=e.person_id,
        reason=e.reason,
        applied_on=e.applied_on,
    ),
    RiskWarning.DeadlineExtended: _extended,
    RiskWarning.Overdue: _overdue,
    RiskWarning.Withdrawn: lambda e: c.WarningWithdrawn(**_routing(e), reason=e.reason),
    RiskWarning.Closed: lambda e: c.WarningClosed(**_routing(e)),
}


def translate(e: Any) -> IntegrationEvent | None:
    """The public contract of a warning domain event, or None if it stays internal."""
    to_contract = _TRANSLATIONS.get(type(e))
    return to_contract(e) if to_contract is not None else None
