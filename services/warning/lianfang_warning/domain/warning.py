"""Risk warning (风险预警) to one department, through rectification (整改) to disposal (处置).

Every event after ``Issued`` carries ``ref``: the case, the department, the deadlines, the
round and the responsible person as they stood, so that each event routes on its own.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from lianfang_warning.domain.errors import IncompleteRecord, InvalidDeadline
from lianfang_warning.domain.lifecycle import WARNING
from lianfang_warning.domain.vocab import Authority, Deadline, Measure, Severity

Ref = dict[str, Any]


def check_deadlines(today: date, respond_by: date, rectify_by: date) -> None:
    """InvalidDeadline for a deadline in the past or a rectification due before the response."""
    if respond_by < today or rectify_by < today:
        raise InvalidDeadline(f"deadlines may not lie in the past (today is {today})")
    if rectify_by < respond_by:
        raise InvalidDeadline("the rectification cannot fall due before the response")


class RiskWarning(Aggregate):
    """A warning issued to a department (and named persons) within the issuer's authority."""

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

    def acknowledge(self, responsible_person_id: UUID, note: str) -> None:
        """The department starts handling at once (第一时间启动) and names who is responsible."""
        self._acknowledged(self.ref(), responsible_person_id, note)

    @event("Acknowledged")
    def _acknowledged(self, ref: Ref, responsible_person_id: UUID, note: str) -> None:
        self._move("acknowledge")
        self.responsible_person_id = responsible_person_id

    def record_action(
        self, action_id: UUID, description: str, done_on: date, evidence: list[dict[str, Any]]
    ) -> None:
        """A rectification action taken, with its evidence (metadata and hashes)."""
        self._action(self.ref(), action_id, description, done_on, evidence)

    @event("ActionRecorded")
    def _action(
        self, ref: Ref, action_id: UUID, description: str, done_on: date, evidence: list[Any]
    ) -> None:
        self._move("record_action")
        self.actions += 1

    def submit(self, record: dict[str, Any]) -> None:
        """Submit the disposal record (处置记录, annex 7) for evaluation."""
        self.check("submit")
        if not self.actions:
            raise IncompleteRecord("record at least one rectification action before submitting")
        self._submitted(self.ref(), record)

    @event("RecordSubmitted")
    def _submitted(self, ref: Ref, record: dict[str, Any]) -> None:
        self._move("submit")
        self.rounds += 1

    def return_record(self, reason: str, rectify_by: date | None, today: date) -> None:
        """The office returns the record with its reasons (and perhaps a new deadline)."""
        self.check("return")
        if rectify_by is not None and rectify_by < today:
            raise InvalidDeadline(f"deadlines may not lie in the past (today is {today})")
        self._returned(self.ref(), reason, rectify_by or self.rectify_by)

    @event("Returned")
    def _returned(self, ref: Ref, reason: str, rectify_by: date) -> None:
        self._move("return")
        self.rectify_by = rectify_by

    def accept(self, evaluation: str) -> None:
        """The office accepts the rectification (评估通过)."""
        self._accepted(self.ref(), evaluation)

    @event("Accepted")
    def _accepted(self, ref: Ref, evaluation: str) -> None:
        self._move("accept")

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

    def extend(self, deadline: Deadline, due: date, reason: str, today: date) -> None:
        """Move a deadline later (延期), with the reason."""
        self.check(f"extend_{Deadline(deadline).value}")
        if due <= self.due(deadline) or due < today:
            raise InvalidDeadline("a new deadline must be later than the current one and today")
        if deadline == Deadline.respond and due > self.rectify_by:
            raise InvalidDeadline("the response cannot fall due after the rectification")
        self._extended(self.ref(), Deadline(deadline), due, reason)

    @event("DeadlineExtended")
    def _extended(self, ref: Ref, deadline: Deadline, due: date, reason: str) -> None:
        self._move(f"extend_{Deadline(deadline).value}")
        if deadline == Deadline.respond:
            self.respond_by = due
        else:
            self.rectify_by = due

    def due(self, deadline: Deadline) -> date:
        """The current due date of ``deadline``."""
        return self.respond_by if deadline == Deadline.respond else self.rectify_by

    def is_overdue(self, deadline: Deadline, today: date) -> bool:
        """True when ``deadline`` has passed, is still open, and was not reported yet."""
        due = self.due(deadline)
        return (
            today > due
            and self.state in WARNING.commands[f"{Deadline(deadline).value}_overdue"][1]
            and (Deadline(deadline).value, due.isoformat()) not in self.overdue
        )

    def mark_overdue(self, deadline: Deadline, detected_on: date) -> None:
        """A deadline passed without the response or the rectification (once per deadline)."""
        self._overdue(self.ref(), Deadline(deadline), self.due(deadline), detected_on)

    @event("Overdue")
    def _overdue(self, ref: Ref, deadline: Deadline, due: date, detected_on: date) -> None:
        self._move(f"{Deadline(deadline).value}_overdue")
        self.overdue.append((Deadline(deadline).value, due.isoformat()))

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
