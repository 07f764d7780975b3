"""Domain event → integration contract (the only things that leave the service)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lianfang_review.domain.measures import MeasureHolder
from lianfang_review.domain.meeting import Meeting
from lianfang_review.domain.risk_point import RiskPoint
from lianfang_review.domain.scoring import ScoringModel
from lianfang_review.messaging.translate_duties import TRANSLATIONS as DUTIES
from lianfang_review.messaging.translate_oversight import TRANSLATIONS as OVERSIGHT
from lianfang_shared.contracts import IntegrationEvent
from lianfang_shared.contracts import review as c


def _owner(e: Any) -> c.Owner:
    return c.Owner(**e.owner)


def _measure(m: dict[str, Any]) -> c.Measure:
    return c.Measure(
        measure_id=m["id"],
        **{k: v for k, v in m.items() if k != "id"},
    )


def _proposed(e: Any) -> c.RiskPointProposed:
    owner = {"department_id": e.department_id, "post_id": e.post_id, "person_id": e.person_id}
    return c.RiskPointProposed(
        risk_point_id=e.originator_id,
        owner=c.Owner(**owner, scope=e.scope),
        category=e.category,
        description=e.description,
        power_id=e.power_id,
        step_id=e.step_id,
        merged_from=e.merged_from,
    )


def _grade(e: Any) -> IntegrationEvent:
    common = {"risk_point_id": e.originator_id, "owner": _owner(e), "reason": e.reason}
    if e.from_grade is None:
        return c.RiskPointGraded(**common, grade=e.to_grade, model_version=e.model_version)
    return c.RiskPointGradeChanged(
        **common, from_grade=e.from_grade, to_grade=e.to_grade, model_version=e.model_version
    )


def _measures(change: str) -> Callable[[Any], IntegrationEvent]:
    def translate(e: Any) -> IntegrationEvent:
        kind = change
        if change == "changed" and set(e.changed) <= {"status", "responsible_person_id", "due_on"}:
            kind = "progressed"
        return c.RiskPointMeasuresChanged(
            risk_point_id=e.originator_id, owner=_owner(e), change=kind, measure=_measure(e.measure)
        )

    return translate


def _point(cls: type[c.RiskPointEvent], **fields: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A contract whose fields are the risk point, its owner and ``fields`` of the event."""
    return lambda e: cls(
        risk_point_id=e.originator_id, owner=_owner(e), **{k: f(e) for k, f in fields.items()}
    )


_TRANSLATIONS: dict[type, Callable[[Any], IntegrationEvent]] = {
    RiskPoint.Proposed: _proposed,
    RiskPoint.Changed: _point(
        c.RiskPointChanged,
        category=lambda e: e.category,
        description=lambda e: e.description,
        power_id=lambda e: e.power_id,
        step_id=lambda e: e.step_id,
    ),
    RiskPoint.SelfAssessed: _point(
        c.RiskPointSelfAssessed,
        factors=lambda e: e.factors,
        proposed_grade=lambda e: e.proposed_grade,
        suggested_grade=lambda e: e.suggested_grade,
        score=lambda e: e.score,
        model_version=lambda e: e.model_version,
    ),
    RiskPoint.GradeDecided: _grade,
    MeasureHolder.MeasureAdded: _measures("added"),
    MeasureHolder.MeasureChanged: _measures("changed"),
    MeasureHolder.MeasureRemoved: _measures("removed"),
    RiskPoint.Submitted: _point(
        c.RiskPointSubmitted, approver=lambda e: c.Approver(**e.route), grade=lambda e: e.grade
    ),
    RiskPoint.Approved: _point(
        c.RiskPointApproved,
        approver=lambda e: c.Approver(**e.route),
        approved_version=lambda e: e.approved_version,
        comment=lambda e: e.comment,
        meeting_id=lambda e: e.meeting_id,
    ),
    RiskPoint.Returned: _point(
        c.RiskPointReturned,
        approver=lambda e: c.Approver(**e.route),
        comment=lambda e: e.comment,
        meeting_id=lambda e: e.meeting_id,
    ),
    RiskPoint.Reopened: _point(c.RiskPointReopened, reason=lambda e: e.reason),
    RiskPoint.NeedsReReview: _point(
        c.RiskPointNeedsReReview,
        cause=lambda e: e.cause,
        reason=lambda e: e.reason,
        source_event_id=lambda e: e.source_event_id,
    ),
    RiskPoint.Merged: _point(c.RiskPointMerged, into=lambda e: e.into),
    Meeting.Recorded: lambda e: c.DepartmentMeetingRecorded(
        meeting_id=e.originator_id,
        department_id=e.department_id,
        held_on=e.held_on,
        attendee_ids=e.attendee_ids,
        member_count=len(e.member_ids),
    ),
    ScoringModel.Published: lambda e: c.ScoringModelPublished(
        version=e.version,
        weights=e.weights,
        thresholds=e.thresholds,
        measure_rules=e.measure_rules,
    ),
}


_TRANSLATIONS.update(DUTIES | OVERSIGHT)


def translate(e: Any) -> IntegrationEvent | None:
    """The public contract of a review domain event, or None if it stays internal."""
    to_contract = _TRANSLATIONS.get(type(e))
    return to_contract(e) if to_contract is not None else None
