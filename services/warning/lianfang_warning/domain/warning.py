"""Risk warning (风险预警) to one department, through rectification (整改) to disposal (处置).

Every event after ``Issued`` carries ``ref``: the case, the department, the deadlines, the
round and the responsible person as they stood, so that each event routes on its own.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from lianfang_warning.domain.deadlines import Deadlines
from lianfang_warning.domain.errors import InvalidDeadline
from lianfang_warning.domain.lifecycle import WARNING
from lianfang_warning.domain.rectification import Rectification, Ref
from lianfang_warning.domain.vocab import Authority, Measure, Severity


def check_deadlines(today: date, respond_by: date, rectify_by: date) -> None:
    """InvalidDeadline for a deadline in the past or a rectification due before the response."""
    if respond_by < today or rectify_by < today:
        raise InvalidDeadline(f"deadlines may not lie in the past (today is {today})")
    if rectify_by < respond_by:
        raise InvalidDeadline("the rectification cannot fall due before the response")


class RiskWarning(Rectification, Deadlines):
    """A warning issued to a department (and named persons) within the issuer's authority.

    Rectification lives in ``rectification.py`` and the deadlines in ``deadlines.py``; their
    event classes are redefined here, so their topics name ``RiskWarning``.
    """

    @event("Issued")
    def __init__(
        self,
        id: UUID,
        case_id: UUID,
        department_id: UUID,
        person_ids: list[UUID],
        severity: Severity,
        summary: str,
        content: str,
        requirements: str,
        risk_point_ids: list[UUID],
        respond_by: date,
        rectify_by: date,
        authority: Authority,
    ) -> None:
        self.case_id = case_id
        self.department_id = department_id
        self.respond_by = respond_by
        self.rectify_by = rectify_by
        self.state = "issued"
        self.actions = 0
        self.rounds = 0
        self.responsible_person_id: UUID | None = None
        self.overdue: list[tuple[str, str]] = []  # (deadline, due date) already reported

    def ref(self) -> Ref:
        """Where the warning stands, for the next event."""
        return {
            "case_id": self.case_id,
            "department_id": self.department_id,
            "respond_by": self.respond_by,
            "rectify_by": self.rectify_by,
            "round": self.rounds,
            "responsible_person_id": self.responsible_person_id,
        }

    def _move(self, command: str) -> None:
        self.state = WARNING.next(command, self.state)

    def check(self, command: str) -> None:
        """InvalidTransition unless ``command`` is possible now."""
        WARNING.next(command, self.state)

    def apply_measure(
        self,
        measure_id: UUID,
        measure: Measure,
        person_id: UUID | None,
        reason: str,
        applied_on: date,
        conducted_by: str,
    ) -> None:
        """A disposal measure (处置措施) applied to a person, or to the department (None)."""
        self._measure(self.ref(), measure_id, measure, person_id, reason, applied_on, conducted_by)

    @event("MeasureApplied")
    def _measure(
        self,
        ref: Ref,
        measure_id: UUID,
        measure: Measure,
        person_id: UUID | None,
        reason: str,
        applied_on: date,
        conducted_by: str,
    ) -> None:
        self._move("apply_measure")

    def withdraw(self, reason: str) -> None:
        """The office withdraws the warning (issued in error, or overtaken by events)."""
        self._withdrawn(self.ref(), reason)

    @event("Withdrawn")
    def _withdrawn(self, ref: Ref, reason: str) -> None:
        self._move("withdraw")

    def close(self) -> None:
        """The case is closed: the accepted warning is done (办结)."""
        self._closed(self.ref())

    @event("Closed")
    def _closed(self, ref: Ref) -> None:
        self._move("close")
