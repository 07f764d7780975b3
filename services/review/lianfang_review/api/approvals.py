"""Approval-ladder routes (审核): route, submit, approve, return, what awaits me; meetings."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status

from lianfang_review.api import views
from lianfang_review.api.approval_schemas import (
    Approved,
    Decision,
    ReturnCreate,
    Route,
)
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
from lianfang_review.api.schemas import RiskPointList
from lianfang_review.domain.vocab import label, rank_label
from lianfang_review.projections import queries

router = APIRouter(tags=["approvals"], dependencies=[READERS])
NO_CONTENT = status.HTTP_204_NO_CONTENT


def _route(route: dict[str, object], svc: ServiceDep, locale: LocaleDep) -> Route:
    ids = list(route["person_ids"])  # type: ignore[call-overload]
    names = queries.person_names(svc.db, ids)
    return Route(
        **route,
        role_label=label(route["role"], locale),
        person_names=[names.get(i, str(i)) for i in ids],
        owner_rank_label=rank_label(route["owner_rank"], locale),
    )


@router.get("/risk-points/{point_id}/route")
def preview_route(
    point_id: UUID, review: ReviewDep, svc: ServiceDep, locale: LocaleDep, visible: VisibleDep
) -> Route:
    """Whom the point would go to if submitted now (follows the owner's rank and scope)."""
    point = review.get_point(point_id)
    views.check_visible(point.department_id, point.scope.value, visible)
    return _route(review.route(point), svc, locale)


@router.post("/risk-points/{point_id}/submission", status_code=status.HTTP_201_CREATED)
def submit(
    point_id: UUID, actor: ActorDep, review: ReviewDep, svc: ServiceDep, locale: LocaleDep
) -> Route:
    """Submit for approval (needs the self-assessment, the office's grade, and the measures
    the grade's rule asks for); answers whom it went to."""
    route = review.submit(actor, point_id)
    svc.settle()
    return _route(route, svc, locale)


@router.post("/risk-points/{point_id}/approval", status_code=status.HTTP_201_CREATED)
def approve(
    point_id: UUID, body: Decision, actor: ActorDep, review: ReviewDep, svc: ServiceDep
) -> Approved:
    """Approve (the approver the ladder named; a department meeting names its meeting)."""
    version = review.approve(actor, point_id, body.comment, body.meeting_id)
    svc.settle()
    return Approved(approved_version=version)


@router.post("/risk-points/{point_id}/return", status_code=NO_CONTENT)
def return_point(
    point_id: UUID, body: ReturnCreate, actor: ActorDep, review: ReviewDep, svc: ServiceDep
) -> None:
    """Return to the department with comments (it changes the point and re-submits)."""
    review.return_point(actor, point_id, body.comment, body.meeting_id)
    svc.settle()


@router.get("/approvals")
def awaiting_me(
    actor: ActorDep, svc: ServiceDep, locale: LocaleDep, limit: Page = 50, offset: Offset = 0
) -> RiskPointList:
    """Submitted points that await the caller: their department's meeting (heads), their
    approval as leader in charge, or the party committee's."""
    if actor.has("party_committee"):
        rows, total = queries.awaiting(svc.db, "party_committee", None, limit, offset)
    elif actor.has("leader") and actor.person_id:
        rows, total = queries.awaiting(svc.db, "leader_in_charge", actor.person_id, limit, offset)
    elif actor.has("dept_head") and actor.department_id:
        key = actor.department_id
        rows, total = queries.awaiting(svc.db, "department_meeting", key, limit, offset)
    else:
        rows, total = [], 0
    return RiskPointList(items=[views.summary(r, locale) for r in rows], total=total)
