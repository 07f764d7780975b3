"""Briefing routes (交底): record a briefing, acknowledge the seven knowings, the briefings
people owe for new posts (outstanding and overdue)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, status

from lianfang_review.api.briefing_schemas import (
    Acknowledged,
    AcknowledgementCreate,
    AudienceRead,
    BriefingCreate,
    BriefingList,
    BriefingRead,
    BriefingSummary,
    DueList,
    DueRead,
    KnowingRead,
)  # fmt: skip
from lianfang_review.api.deps import ActorDep, LocaleDep, Offset, Page, ReviewDep, ServiceDep
from lianfang_review.api.duty_deps import DUTY_READERS, ScopeDep
from lianfang_review.api.schemas import Created
from lianfang_review.domain.errors import Forbidden
from lianfang_review.domain.terms import KNOWINGS, BriefingLevel, DueStatus, knowing_label, term
from lianfang_review.projections import content, due_queries

router = APIRouter(tags=["briefings"], dependencies=[DUTY_READERS])


@router.post("/briefings", status_code=status.HTTP_201_CREATED)
def hold(body: BriefingCreate, actor: ActorDep, review: ReviewDep, svc: ServiceDep) -> Created:
    """Record a briefing: the approved risk points of the posts and people it covers, with
    grades and measures, and the powers of their departments are frozen in it."""
    briefing_id = review.hold_briefing(actor, **body.model_dump())
    svc.settle()
    return Created(id=briefing_id)


@router.get("/briefings")
def list_briefings(
    svc: ServiceDep,
    locale: LocaleDep,
    scope: ScopeDep,
    department_id: UUID | None = None,
    level: BriefingLevel | None = None,
    person_id: UUID | None = None,
    limit: Page = 50,
    offset: Offset = 0,
) -> BriefingList:
    """Briefings, latest first, with how many of the audience acknowledged in full."""
    filters = {"department_id": scope or department_id, "level": level, "person_id": person_id}
    rows, total = due_queries.list_briefings(svc.db, filters, limit, offset)
    fields = BriefingSummary.model_fields
    items = [
        BriefingSummary(
            **{k: v for k, v in r.items() if k in fields}, level_label=term(r["level"], locale)
        )
        for r in rows
    ]
    return BriefingList(items=items, total=total)


@router.get("/briefings/{briefing_id}")
def get_briefing(
    briefing_id: UUID, review: ReviewDep, svc: ServiceDep, locale: LocaleDep, scope: ScopeDep
) -> BriefingRead:
    """A briefing: what was told, to whom, and who acknowledged which knowings."""
    b = review.get_briefing(briefing_id)
    if scope is not None and b.department_id != scope:
        raise Forbidden("this briefing belongs to another department")
    people = content.names(svc.db, "org_persons", b.audience)
    posts = content.names(svc.db, "org_posts", b.post_ids)
    return BriefingRead(
        id=b.id, level=b.level, level_label=term(b.level.value, locale), title=b.title,
        department_id=b.department_id, unit=b.unit, held_on=b.held_on, items=b.items,
        posts=[{"post_id": p, "name": posts.get(p)} for p in b.post_ids], powers=b.powers,
        checklist=[KnowingRead(key=k, label=knowing_label(k, locale)) for k in KNOWINGS],
        audience=[AudienceRead(person_id=p, name=people.get(p, str(p)),
                               knowings=b.knowings_of(p), complete=b.complete_for(p))
                  for p in b.audience],
    )  # fmt: skip


@router.post("/briefings/{briefing_id}/acknowledgements", status_code=status.HTTP_201_CREATED)
def acknowledge(
    briefing_id: UUID,
    body: AcknowledgementCreate,
    actor: ActorDep,
    review: ReviewDep,
    svc: ServiceDep,
) -> Acknowledged:
    """The caller (of the audience) acknowledges knowings; all seven complete it, which meets
    the briefings they owed for the posts it covers."""
    result = review.acknowledge_briefing(actor, briefing_id, [k.value for k in body.knowings])
    svc.settle()
    return Acknowledged(**result)


def due(row: dict[str, Any], locale: Any) -> DueRead:
    """A briefing owed, with labels."""
    return DueRead(
        **{k: v for k, v in row.items() if k in DueRead.model_fields},
        cause_label=term("appointed" if row["cause"] == "appointed" else "post_changed", locale),
        status_label=term(row["status"], locale),
    )


@router.get("/briefing-dues")
def list_dues(
    svc: ServiceDep,
    review: ReviewDep,
    locale: LocaleDep,
    scope: ScopeDep,
    status: Annotated[DueStatus | None, Query(description="default: owed and overdue")] = None,
    department_id: UUID | None = None,
    person_id: UUID | None = None,
    late: Annotated[bool, Query(description="only those past their due date")] = False,
    limit: Page = 50,
    offset: Offset = 0,
) -> DueList:
    """Briefings people owe for posts they took up: outstanding until acknowledged; ``late``
    lists the overdue ones (the report of overdue briefings)."""
    filters = {"status": status, "dept": scope or department_id, "person": person_id,
               "late_only": late}  # fmt: skip
    rows, total = due_queries.list_dues(svc.db, filters, review.today(), limit, offset)
    return DueList(items=[due(r, locale) for r in rows], total=total)
