"""Use cases of control measures (防控措施)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

from lianfang_review.application.grading import GradingCases
from lianfang_review.domain.errors import Forbidden
from lianfang_review.domain.policy import Actor, check_may_work_on


class MeasureCases(GradingCases):
    """Adding, changing, progressing and removing the measures of a risk point."""

    def add_measure(
        self,
        actor: Actor,
        point_id: UUID,
        text: str,
        type: str,
        stage: str,
        responsible_person_id: UUID | None = None,
        due_on: date | None = None,
    ) -> UUID:
        """Add a control measure; returns its id."""
        point = self.get_point(point_id)
        check_may_work_on(actor, point)
        if responsible_person_id is not None:
            self.org.person(responsible_person_id)
        measure_id = uuid4()
        point.add_measure(measure_id, text, type, stage, responsible_person_id, due_on)
        self.store(point)
        return measure_id

    def change_measure(
        self, actor: Actor, point_id: UUID, measure_id: UUID, changes: dict[str, Any]
    ) -> None:
        """Change a measure; the person responsible may report its progress (status) alone."""
        point = self.get_point(point_id)
        measure = point.find_measure(measure_id)
        progress_only = set(changes) <= {"status"}
        mine = actor.person_id is not None and actor.person_id == measure["responsible_person_id"]
        if not (progress_only and mine):
            try:
                check_may_work_on(actor, point)
            except Forbidden:
                raise Forbidden(
                    "only the office, the department head or (for progress) the person "
                    "responsible may change this measure"
                ) from None
        if changes.get("responsible_person_id") is not None:
            self.org.person(changes["responsible_person_id"])
        point.change_measure(measure_id, changes)
        self.store(point)

    def remove_measure(self, actor: Actor, point_id: UUID, measure_id: UUID) -> None:
        """Remove a measure."""
        point = self.get_point(point_id)
        check_may_work_on(actor, point)
        point.remove_measure(measure_id)
        self.store(point)
