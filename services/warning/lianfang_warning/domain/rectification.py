"""Rectification (整改) of a risk warning: the department acknowledges, acts and reports; the
office returns the record or accepts it.

The events are classes, not ``@event`` methods: a class defined here is redefined on
``RiskWarning``, and ``self.<Event>`` triggers that redefinition, so stored topics name
``lianfang_warning.domain.warning:RiskWarning`` (an ``@event`` method in a base class would
trigger the base class's own event, under this module's topic). ``deadlines.py`` likewise.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from lianfang_warning.domain.errors import IncompleteRecord, InvalidDeadline

Ref = dict[str, Any]


class Rectification(Aggregate):
    """The rectification part of a warning (RiskWarning defines the deadline, the counters,
    the responsible person, ``ref`` and the guards ``_move`` and ``check``)."""

    if TYPE_CHECKING:
        rectify_by: date
        actions: int
        rounds: int
        responsible_person_id: UUID | None

        def ref(self) -> Ref: ...
        def _move(self, command: str) -> None: ...
        def check(self, command: str) -> None: ...

    def acknowledge(self, responsible_person_id: UUID, note: str) -> None:
        """The department starts handling at once (第一时间启动) and names who is responsible."""
        self.trigger_event(
            self.Acknowledged,
            ref=self.ref(),
            responsible_person_id=responsible_person_id,
            note=note,
        )

    class Acknowledged(Aggregate.Event):
        ref: Ref
        responsible_person_id: UUID
        note: str

        def apply(self, aggregate: Rectification) -> None:
            aggregate._move("acknowledge")
            aggregate.responsible_person_id = self.responsible_person_id

    def record_action(
        self, action_id: UUID, description: str, done_on: date, evidence: list[dict[str, Any]]
    ) -> None:
        """A rectification action taken, with its evidence (metadata and hashes)."""
        self.trigger_event(
            self.ActionRecorded,
            ref=self.ref(),
            action_id=action_id,
            description=description,
            done_on=done_on,
            evidence=evidence,
        )

    class ActionRecorded(Aggregate.Event):
        ref: Ref
        action_id: UUID
        description: str
        done_on: date
        evidence: list[Any]

        def apply(self, aggregate: Rectification) -> None:
            aggregate._move("record_action")
            aggregate.actions += 1

    def submit(self, record: dict[str, Any]) -> None:
        """Submit the disposal record (处置记录, annex 7) for evaluation."""
        self.check("submit")
        if not self.actions:
            raise IncompleteRecord("record at least one rectification action before submitting")
        self.trigger_event(self.RecordSubmitted, ref=self.ref(), record=record)

    class RecordSubmitted(Aggregate.Event):
        ref: Ref
        record: dict[str, Any]

        def apply(self, aggregate: Rectification) -> None:
            aggregate._move("submit")
            aggregate.rounds += 1

    def return_record(self, reason: str, rectify_by: date | None, today: date) -> None:
        """The office returns the record with its reasons (and perhaps a new deadline)."""
        self.check("return")
        if rectify_by is not None and rectify_by < today:
            raise InvalidDeadline(f"deadlines may not lie in the past (today is {today})")
        due = rectify_by or self.rectify_by
        self.trigger_event(self.Returned, ref=self.ref(), reason=reason, rectify_by=due)

    class Returned(Aggregate.Event):
        ref: Ref
        reason: str
        rectify_by: date

        def apply(self, aggregate: Rectification) -> None:
            aggregate._move("return")
            aggregate.rectify_by = self.rectify_by

    def accept(self, evaluation: str) -> None:
        """The office accepts the rectification (评估通过)."""
        self.trigger_event(self.Accepted, ref=self.ref(), evaluation=evaluation)

    class Accepted(Aggregate.Event):
        ref: Ref
        evaluation: str

        def apply(self, aggregate: Rectification) -> None:
            aggregate._move("accept")
