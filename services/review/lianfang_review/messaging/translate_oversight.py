"""Domain event → contract for publication, inspections and the annual assessment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lianfang_review.domain.assessment import Assessment, AssessmentModel
from lianfang_review.domain.inspection import Inspection, quarter_label
from lianfang_review.domain.publication import Publication
from lianfang_shared.contracts import IntegrationEvent
from lianfang_shared.contracts import review as c

Translation = Callable[[Any], IntegrationEvent]


def _inspection(cls: type[c.InspectionEvent], **fields: Callable[[Any], Any]) -> Translation:
    return lambda e: cls(
        inspection_id=e.originator_id,
        department_id=e.department_id,
        **{k: f(e) for k, f in fields.items()},
    )


def _finding(e: Any) -> IntegrationEvent:
    f = e.finding
    return c.InspectionFindingAssigned(
        inspection_id=e.originator_id, department_id=e.department_id, finding_id=f["id"],
        item=f["item"], description=f["description"], severity=f["severity"],
        owner_person_id=f["owner_person_id"], due_on=f["due_on"],
    )  # fmt: skip


def _rows(rows: list[dict[str, Any]]) -> list[c.AssessmentRow]:
    keep = ("component", "value", "weight", "points")
    return [c.AssessmentRow(**{k: r[k] for k in keep}) for r in rows]


TRANSLATIONS: dict[type, Translation] = {
    Publication.Published: lambda e: c.ListPublished(
        publication_id=e.originator_id,
        kind=e.kind,
        department_id=e.department_id,
        version=e.version,
        title=e.title,
        published_on=e.published_on,
        digest=e.digest,
        row_count=len(e.rows),
    ),
    Inspection.Planned: lambda e: c.InspectionPlanned(
        inspection_id=e.originator_id,
        department_id=e.department_id,
        year=e.year,
        quarter=quarter_label(e.year, e.quarter),
        due_on=e.due_on,
    ),
    Inspection.FindingRecorded: _finding,
    Inspection.FindingClosed: _inspection(
        c.InspectionFindingClosed,
        finding_id=lambda e: e.finding_id,
        closed_on=lambda e: e.closed_on,
        note=lambda e: e.note,
    ),
    Inspection.Completed: _inspection(
        c.InspectionCompleted,
        quarter=lambda e: e.quarter,
        completed_on=lambda e: e.completed_on,
        figures=lambda e: e.figures,
        finding_count=lambda e: e.finding_count,
    ),
    Assessment.Assessed: lambda e: c.DepartmentAssessed(
        assessment_id=e.originator_id,
        department_id=e.department_id,
        year=e.year,
        score=e.score,
        model_version=e.model_version,
        rows=_rows(e.rows),
    ),
    Assessment.Adjusted: lambda e: c.AssessmentAdjusted(
        assessment_id=e.originator_id,
        department_id=e.department_id,
        year=e.year,
        from_score=e.from_score,
        to_score=e.to_score,
        reason=e.reason,
    ),
    AssessmentModel.Published: lambda e: c.AssessmentModelPublished(
        version=e.version, weights=e.weights, deductions=e.deductions
    ),
}
