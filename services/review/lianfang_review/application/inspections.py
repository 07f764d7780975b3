"""Use cases of the quarterly supervision inspections (季度监督检查) by the discipline
committee: planning a quarter, findings and their follow-up, completing with frozen figures."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

from lianfang_review.application.duty_base import DutyBase
from lianfang_review.domain.errors import (
    Forbidden,
    InspectionNotFound,
    InvalidRequest,
    OutOfTurn,
)
from lianfang_review.domain.inspection import Inspection, quarter_label
from lianfang_review.domain.policy import Actor
from lianfang_review.projections import coverage
from lianfang_shared.replica import list_departments


def quarter_end(year: int, quarter: int) -> date:
    """The last day of a quarter."""
    first_of_next = date(year + quarter // 4, quarter % 4 * 3 + 1, 1)
    return first_of_next - timedelta(days=1)


def check_discipline(actor: Actor) -> None:
    """Only the discipline committee (厂纪委) inspects."""
    if not actor.has("discipline"):
        raise Forbidden("only the discipline committee carries out supervision inspections")


class InspectionCases(DutyBase):
    """Planning, findings, completion."""

    def get_inspection(self, inspection_id: UUID) -> Inspection:
        """An inspection, or InspectionNotFound."""
        return self.load(Inspection, inspection_id, InspectionNotFound)

    def plan_inspections(
        self,
        actor: Actor,
        year: int,
        quarter: int,
        department_ids: list[UUID],
        due_on: date | None,
    ) -> list[UUID]:
        """Plan the quarter's inspection of the departments named (default: every one)."""
        check_discipline(actor)
        departments = list(dict.fromkeys(department_ids)) or [
            d["id"] for d in list_departments(self.org.db)
        ]
        names = {d: self.org.department(d)["name"] for d in departments}
        due = due_on or quarter_end(year, quarter) + timedelta(
            days=self.settings.inspection_due_days
        )
        planned = [
            d for d in departments if Inspection.create_id(d, year, quarter) in self.repository
        ]
        if planned:
            listed = "、".join(names[d] for d in planned)
            raise OutOfTurn(f"{quarter_label(year, quarter)} is planned already for {listed}")
        inspections = [Inspection(department_id=d, year=year, quarter=quarter, due_on=due)
                       for d in departments]  # fmt: skip
        self.store(*inspections)
        return [i.id for i in inspections]

    def record_finding(
        self,
        actor: Actor,
        inspection_id: UUID,
        item: str,
        description: str,
        severity: str,
        owner_person_id: UUID,
        due_on: date,
    ) -> UUID:
        """A finding with the person to follow it up and the due date."""
        check_discipline(actor)
        inspection = self.get_inspection(inspection_id)
        self.org.person(owner_person_id)
        if due_on < self.today():
            raise InvalidRequest("the follow-up cannot be due before today")
        finding_id = uuid4()
        inspection.record_finding(finding_id, item, description, severity, owner_person_id, due_on)
        self.store(inspection)
        return finding_id

    def close_finding(self, actor: Actor, inspection_id: UUID, finding_id: UUID, note: str) -> None:
        """The follow-up is verified done."""
        check_discipline(actor)
        inspection = self.get_inspection(inspection_id)
        inspection.close_finding(finding_id, note, self.today())
        self.store(inspection)

    def checklist(self, inspection_id: UUID) -> dict[str, Any]:
        """The checklist's figures: frozen if completed, else as of today."""
        inspection = self.get_inspection(inspection_id)
        if inspection.figures is not None:
            return inspection.figures
        return coverage.figures(self.org.db, inspection.department_id, self.today())

    def complete_inspection(self, actor: Actor, inspection_id: UUID, summary: str) -> None:
        """Complete the inspection, freezing the checklist's figures of today."""
        check_discipline(actor)
        inspection = self.get_inspection(inspection_id)
        figures = coverage.figures(self.org.db, inspection.department_id, self.today())
        inspection.complete(figures, summary, self.today())
        self.store(inspection)
