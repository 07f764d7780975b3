"""Risk-point routes (风险点): propose, list with filters, read, edit, merge, history."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, status

from lianfang_review.api import views
from lianfang_review.api.deps import (
    READERS,
    ActorDep,
    LocaleDep,
    Offset,
    Page,
    ReviewDep,
    ServiceDep,
    VisibleDep,
)
from lianfang_review.api.schemas import (
    Created,
    HistoryEntry,
    MergeCreate,
    RiskPointCreate,
    RiskPointList,
    RiskPointRead,
    RiskPointUpdate,
)
from lianfang_review.domain.errors import RiskPointNotFound
from lianfang_review.domain.vocab import ApproverRole, Category, Grade, Scope, Status
from lianfang_review.projections import queries

router = APIRouter(prefix="/risk-points", tags=["risk points"], dependencies=[READERS])


def point_filters(
    visible: VisibleDep,
    department_id: UUID | None = None,
    scope: Scope | None = None,
    category: Category | None = None,
    grade: Grade | None = None,
    status: Annotated[Status | None, Query(description="default: all but merged")] = None,
    power_id: UUID | None = None,
    post_id: UUID | None = None,
    person_id: UUID | None = None,
    needs_re_review: bool | None = None,
    approver_role: ApproverRole | None = None,
    q: Annotated[str | None, Query(max_length=100, description="text in the description")] = None,
) -> dict[str, object]:
    """Filters of lists, reports and exports (department people see their own department)."""
    return {
        "department_id": department_id,
        "scope": scope,
        "category": category,
        "grade": grade,
        "status": status,
        "power_id": power_id,
        "post_id": post_id,
        "person_id": person_id,
        "needs_re_review": needs_re_review,
        "approver_role": approver_role,
        "q": q,
        "visible_to": visible,
    }


PointFilters = Annotated[dict[str, object], Depends(point_filters)]


@router.post("", status_code=status.HTTP_201_CREATED)
def propose(body: RiskPointCreate, actor: ActorDep, review: ReviewDep, svc: ServiceDep) -> Created:
    """Propose a risk point: staff for their own post, heads for their department (post and
    common points), a leader for themself, the office for anything."""
    point_id = review.propose(actor, **body.model_dump())
    svc.settle()
    return Created(id=point_id)


@router.get("")
def list_points(
    svc: ServiceDep, locale: LocaleDep, filters: PointFilters, limit: Page = 50, offset: Offset = 0
) -> RiskPointList:
    """Risk points, filtered, one page at a time."""
    rows, total = queries.list_points(svc.db, filters, limit, offset)
    return RiskPointList(items=[views.summary(r, locale) for r in rows], total=total)


@router.post("/merges", status_code=status.HTTP_201_CREATED)
def merge(body: MergeCreate, actor: ActorDep, review: ReviewDep, svc: ServiceDep) -> Created:
    """The office merges common points into one factory-level point (the links are kept)."""
    point_id = review.merge(
        actor,
        body.risk_point_ids,
        body.category,
        body.description,
        body.department_id,
        body.power_id,
    )
    svc.settle()
    return Created(id=point_id)


@router.get("/{point_id}")
def get_point(
    point_id: UUID,
    review: ReviewDep,
    svc: ServiceDep,
    locale: LocaleDep,
    visible: VisibleDep,
    version: Annotated[int | None, Query(ge=1, description="as it was at this version")] = None,
) -> RiskPointRead:
    """A risk point with its assessment, grade, measures and route (or an earlier version)."""
    p = review.get_point(point_id, version)
    views.check_visible(p.department_id, p.scope.value, visible)
    ids = [m["responsible_person_id"] for m in p.measures if m["responsible_person_id"]]
    return views.point(p, locale, queries.person_names(svc.db, ids))


@router.get("/{point_id}/approved")
def get_approved(
    point_id: UUID, review: ReviewDep, svc: ServiceDep, locale: LocaleDep, visible: VisibleDep
) -> RiskPointRead:
    """The version that was approved last (frozen), whatever changed since."""
    current = review.get_point(point_id)
    views.check_visible(current.department_id, current.scope.value, visible)
    if current.approved_version is None:
        raise RiskPointNotFound(f"risk point {point_id} has not been approved")
    p = review.get_point(point_id, current.approved_version)
    ids = [m["responsible_person_id"] for m in p.measures if m["responsible_person_id"]]
    return views.point(p, locale, queries.person_names(svc.db, ids))


@router.patch("/{point_id}", status_code=status.HTTP_204_NO_CONTENT)
def change_point(
    point_id: UUID, body: RiskPointUpdate, actor: ActorDep, review: ReviewDep, svc: ServiceDep
) -> None:
    """Edit the description, category, linked power or step (an approved point reopens)."""
    review.change_point(actor, point_id, body.model_dump(exclude_none=True))
    svc.settle()


@router.get("/{point_id}/history")
def history(point_id: UUID, review: ReviewDep, visible: VisibleDep) -> list[HistoryEntry]:
    """Every event of the point, in order, with who and when (for auditors)."""
    p = review.get_point(point_id)
    views.check_visible(p.department_id, p.scope.value, visible)
    return [HistoryEntry(**h) for h in review.history(point_id)]
