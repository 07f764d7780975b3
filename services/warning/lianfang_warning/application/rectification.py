"""Use cases of rectification (整改): the department acts, the office evaluates."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

from lianfang_warning.application.warnings import WarningCases
from lianfang_warning.domain.drafts import DisposalRecord
from lianfang_warning.domain.errors import InvalidDate, UnknownReference


class RectificationCases(WarningCases):
    """Acknowledge, act, report; return or accept."""

    def acknowledge(
        self, warning_id: UUID, responsible_person_id: UUID, note: str, scope: UUID | None
    ) -> None:
        """The department acknowledges and names who is responsible (责任到人)."""
        warning = self.get_warning(warning_id, scope)
        self.org.check_known(persons=[responsible_person_id])
        if not self.org.works_in(responsible_person_id, warning.department_id):
            raise UnknownReference("the responsible person must hold a post in the department")
        warning.acknowledge(responsible_person_id, note)
        self.store(warning)

    def record_action(
        self,
        warning_id: UUID,
        description: str,
        done_on: date,
        evidence: list[dict[str, Any]],
        scope: UUID | None,
    ) -> UUID:
        """Record one rectification action with its evidence; return the action's id."""
        warning = self.get_warning(warning_id, scope)
        self._not_after_today(done_on)
        action_id = uuid4()
        warning.record_action(action_id, description, done_on, evidence)
        self.store(warning)
        return action_id

    def submit_record(self, warning_id: UUID, record: DisposalRecord, scope: UUID | None) -> None:
        """Submit the disposal record (annex 7) for the office's evaluation."""
        warning = self.get_warning(warning_id, scope)
        self._not_after_today(record.completed_on)
        warning.submit(record.to_event())
        self.store(warning)

    def return_record(self, warning_id: UUID, reason: str, rectify_by: date | None) -> None:
        """Return the record with reasons (退回), perhaps with a new rectification deadline."""
        warning = self.get_warning(warning_id)
        warning.return_record(reason, rectify_by, self.today())
        self.store(warning)

    def accept_record(self, warning_id: UUID, evaluation: str) -> None:
        """Accept the rectification (评估通过)."""
        warning = self.get_warning(warning_id)
        warning.accept(evaluation)
        self.store(warning)

    def _not_after_today(self, day: date) -> None:
        if day > self.today():
            raise InvalidDate(f"{day} lies after today ({self.today()})")
