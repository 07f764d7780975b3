"""Quarterly supervision inspection (季度监督检查) of a department by the discipline committee.

Planned for a quarter with a due date; findings are recorded against the checklist, each with
a severity, a person to follow it up and a due date; completing the inspection freezes the
checklist's figures as they stood that day, which the annual assessment reads.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from lianfang_review.domain.errors import InspectionNotFound, OutOfTurn
from lianfang_review.domain.terms import CheckItem
from lianfang_review.domain.vocab import Grade


def quarter_label(year: int, quarter: int) -> str:
    """``2026Q3``."""
    return f"{year}Q{quarter}"


class Inspection(Aggregate):
    """One department's inspection for one quarter."""

    @staticmethod
    def create_id(department_id: UUID, year: int, quarter: int, **_: Any) -> UUID:
        """One inspection per department and quarter."""
        key = f"lianfang:review:inspection:{department_id}:{quarter_label(year, quarter)}"
        return uuid5(NAMESPACE_URL, key)

    @event("Planned")
    def __init__(self, department_id: UUID, year: int, quarter: int, due_on: date) -> None:
        self.department_id = department_id
        self.year = year
        self.quarter = quarter
        self.due_on = due_on
        self.findings: list[dict[str, Any]] = []
        self.completed_on: date | None = None
        self.figures: dict[str, Any] | None = None
        self.summary = ""

    @property
    def completed(self) -> bool:
        return self.completed_on is not None

    def record_finding(
        self,
        finding_id: UUID,
        item: str,
        description: str,
        severity: str,
        owner_person_id: UUID,
        due_on: date,
    ) -> None:
        """A finding against the checklist, with whom follows it up and by when."""
        if self.completed:
            raise OutOfTurn("the inspection is completed; findings go into the next one")
        finding = {
            "id": finding_id, "item": CheckItem(item).value, "description": description,
            "severity": Grade(severity).value, "owner_person_id": owner_person_id,
            "due_on": due_on, "closed_on": None, "close_note": "",
        }  # fmt: skip
        self._finding_recorded(finding, self.department_id)

    @event("FindingRecorded")
    def _finding_recorded(self, finding: dict[str, Any], department_id: UUID) -> None:
        self.findings.append(dict(finding))

    def find(self, finding_id: UUID) -> dict[str, Any]:
        """A finding by id, or InspectionNotFound."""
        for f in self.findings:
            if f["id"] == finding_id:
                return f
        raise InspectionNotFound(f"no finding {finding_id} on this inspection")

    def close_finding(self, finding_id: UUID, note: str, on: date) -> None:
        """The follow-up is done and verified."""
        finding = self.find(finding_id)
        if finding["closed_on"] is not None:
            raise OutOfTurn("the finding is closed already")
        self._finding_closed(finding_id, note, on, self.department_id)

    @event("FindingClosed")
    def _finding_closed(
        self, finding_id: UUID, note: str, closed_on: date, department_id: UUID
    ) -> None:
        self.find(finding_id).update(closed_on=closed_on, close_note=note)

    def complete(self, figures: dict[str, Any], summary: str, on: date) -> None:
        """Close the inspection, freezing the checklist's figures of the day."""
        if self.completed:
            raise OutOfTurn("the inspection is completed already")
        quarter = quarter_label(self.year, self.quarter)
        self._completed(dict(figures), summary, on, self.department_id, quarter, len(self.findings))

    @event("Completed")
    def _completed(
        self,
        figures: dict[str, Any],
        summary: str,
        completed_on: date,
        department_id: UUID,
        quarter: str,
        finding_count: int,
    ) -> None:
        self.figures, self.summary, self.completed_on = figures, summary, completed_on
