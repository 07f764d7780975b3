"""Quarterly supervision inspection routes (季度监督检查, the discipline committee)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, status

from lianfang_review.api.deps import ActorDep, LocaleDep, ReviewDep, ServiceDep
from lianfang_review.api.duty_deps import OVERSEERS, ScopeDep
from lianfang_review.api.inspection_schemas import (
    Completion,
    FindingClosure,
    FindingCreate,
    InspectionPlan,
    InspectionRead,
    InspectionSummary,
    Planned,
)  # fmt: skip
from lianfang_review.api.schemas import Created
from lianfang_review.domain.errors import Forbidden
from lianfang_review.domain.terms import term
from lianfang_review.projections import content, oversight_queries

router = APIRouter(prefix="/inspections", tags=["inspections"], dependencies=[OVERSEERS])
NO_CONTENT = status.HTTP_204_NO_CONTENT


@router.post("", status_code=status.HTTP_201_CREATED)
def plan(body: InspectionPlan, actor: ActorDep, review: ReviewDep, svc: ServiceDep) -> Planned:
    """Plan a quarter's inspections (discipline): one per department, due by ``due_on``."""
    ids = review.plan_inspections(actor, body.year, body.quarter, body.department_ids, body.due_on)
    svc.settle()
    return Planned(ids=ids)


def summary(row: dict[str, Any], locale: Any) -> InspectionSummary:
    fields = InspectionSummary.model_fields
    return InspectionSummary(
        **{k: v for k, v in row.items() if k in fields}, status_label=term(row["status"], locale)
    )


@router.get("")
def list_inspections(
    svc: ServiceDep,
    locale: LocaleDep,
    scope: ScopeDep,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    quarter: Annotated[int | None, Query(ge=1, le=4)] = None,
    department_id: UUID | None = None,
    status: Annotated[str | None, Query(pattern="^(planned|completed)$")] = None,
) -> list[InspectionSummary]:
    """Inspections by year, quarter and department."""
    filters = {"year": year, "quarter": quarter, "department_id": scope or department_id,
               "status": status}  # fmt: skip
    return [summary(r, locale) for r in oversight_queries.inspections(svc.db, filters)]


@router.get("/{inspection_id}")
def get_inspection(
    inspection_id: UUID, review: ReviewDep, svc: ServiceDep, locale: LocaleDep, scope: ScopeDep
) -> InspectionRead:
    """An inspection with its findings and (once completed) the figures it froze."""
    i = review.get_inspection(inspection_id)
    if scope is not None and i.department_id != scope:
        raise Forbidden("this inspection is of another department")
    owners = content.names(svc.db, "org_persons", [f["owner_person_id"] for f in i.findings])
    dept = content.names(svc.db, "departments", [i.department_id])
    findings = [{**f, "owner_name": owners.get(f["owner_person_id"]),
                 "item_label": term(f["item"], locale),
                 "severity_label": term(f["severity"], locale)} for f in i.findings]  # fmt: skip
    state = "completed" if i.completed else "planned"
    return InspectionRead(
        id=i.id, department_id=i.department_id, department_name=dept.get(i.department_id),
        year=i.year, quarter=i.quarter, due_on=i.due_on, status=state,
        status_label=term(state, locale), completed_on=i.completed_on,
        finding_count=len(i.findings), summary=i.summary, findings=findings, figures=i.figures,
    )  # fmt: skip


@router.get("/{inspection_id}/checklist")
def checklist(inspection_id: UUID, review: ReviewDep, scope: ScopeDep) -> dict[str, Any]:
    """The checklist's figures (coverage, overdue measures and follow-ups, stale commitments):
    as of today while open, frozen once completed."""
    if scope is not None and review.get_inspection(inspection_id).department_id != scope:
        raise Forbidden("this inspection is of another department")
    return review.checklist(inspection_id)


@router.post("/{inspection_id}/findings", status_code=status.HTTP_201_CREATED)
def record_finding(
    inspection_id: UUID, body: FindingCreate, actor: ActorDep, review: ReviewDep, svc: ServiceDep
) -> Created:
    """A finding against the checklist, with its severity, follow-up owner and due date."""
    finding_id = review.record_finding(actor, inspection_id, **body.model_dump())
    svc.settle()
    return Created(id=finding_id)


@router.post("/{inspection_id}/findings/{finding_id}/closure", status_code=NO_CONTENT)
def close_finding(
    inspection_id: UUID,
    finding_id: UUID,
    body: FindingClosure,
    actor: ActorDep,
    review: ReviewDep,
    svc: ServiceDep,
) -> None:
    """The follow-up is verified done."""
    review.close_finding(actor, inspection_id, finding_id, body.note)
    svc.settle()


@router.post("/{inspection_id}/completion", status_code=NO_CONTENT)
def complete(
    inspection_id: UUID, body: Completion, actor: ActorDep, review: ReviewDep, svc: ServiceDep
) -> None:
    """Complete the inspection, freezing today's checklist figures for the assessment."""
    review.complete_inspection(actor, inspection_id, body.summary)
    svc.settle()
