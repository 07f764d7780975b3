"""Use cases of assessment (分析、研判、评估): what review's grades suggest, and the decision."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from lianfang_warning.application.intake import IntakeCases
from lianfang_warning.domain.case import Case
from lianfang_warning.domain.vocab import SEVERITY_ORDER, SUGGESTED_MEASURE, Decision, Severity


def suggested_severity(grades: dict[str, str | None]) -> Severity | None:
    """The highest current grade among the risk points concerned (None if none is graded)."""
    known = [Severity(g) for g in grades.values() if g in Severity.__members__]
    return max(known, key=SEVERITY_ORDER.index) if known else None


class AssessmentCases(IntakeCases):
    """The office's judgement of a case."""

    def risk_points_of(self, case: Case, extra: list[UUID] | None = None) -> list[UUID]:
        """The risk points the case's signals name, plus ``extra``."""
        ids: list[UUID] = []
        for signal_id in case.signal_ids:
            ids += self.get_signal(signal_id).risk_point_ids
        return list(dict.fromkeys([*ids, *(extra or [])]))

    def suggestion(self, case_id: UUID, risk_point_ids: list[UUID] | None = None) -> dict[str, Any]:
        """The grades of the risk points concerned and the severity and measure they suggest."""
        case = self.get_case(case_id)
        points = self.risk_points_of(case, risk_point_ids)
        grades = self.org.grades(points)
        severity = suggested_severity(grades)
        return {
            "risk_points": [{"id": p, "grade": grades.get(str(p))} for p in points],
            "severity": severity,
            "measure": SUGGESTED_MEASURE[severity] if severity else None,
        }

    def assess(
        self,
        case_id: UUID,
        severity: Severity,
        decision: Decision,
        risk_point_ids: list[UUID],
        reasoning: str,
    ) -> Severity | None:
        """Record the assessment; return the severity review's grades suggested."""
        case = self.get_case(case_id)
        self.org.check_known(risk_points=risk_point_ids)
        points = self.risk_points_of(case, risk_point_ids)
        grades = {k: v for k, v in self.org.grades(points).items() if v is not None}
        suggested = suggested_severity(grades)
        case.assess(severity, decision, points, grades, suggested, reasoning)
        self.store(case)
        return suggested
