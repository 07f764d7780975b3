"""Coverage (覆盖面) per department and the rotation watch (轮岗)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from lianfang_review.api.deps import ReviewDep, ServiceDep
from lianfang_review.api.duty_deps import OVERSEERS, ScopeDep
from lianfang_review.api.oversight_schemas import Coverage, CoverageRow, RotationRow
from lianfang_review.projections import coverage, rotation
from lianfang_shared.params import Day
from lianfang_shared.replica import list_departments

router = APIRouter(tags=["coverage"], dependencies=[OVERSEERS])
On = Annotated[Day | None, Query(description="as of this day (default: today)")]


@router.get("/coverage")
def department_coverage(
    svc: ServiceDep,
    review: ReviewDep,
    scope: ScopeDep,
    department_id: UUID | None = None,
    on: On = None,
) -> Coverage:
    """Per department: its people and posts, and how many risk identification, commitments
    and briefings reached (counts and shares), with overdue measures and follow-ups."""
    day = on or review.today()
    wanted = scope or department_id
    rows = []
    for d in list_departments(svc.db):
        if wanted is not None and d["id"] != wanted:
            continue
        counts = coverage.figures(svc.db, d["id"], day)
        rows.append(
            CoverageRow(
                department_id=d["id"],
                department_code=d["code"],
                department_name=d["name"],
                counts=counts,
                shares=coverage.shares(counts),
            )
        )
    return Coverage(on=day, departments=rows)


@router.get("/rotation-watch")
def rotation_watch(
    svc: ServiceDep,
    review: ReviewDep,
    scope: ScopeDep,
    on: On = None,
    years: Annotated[int | None, Query(ge=1, le=30, description="default: the setting")] = None,
    within_days: Annotated[int, Query(ge=0, le=3650, description="also those due soon")] = 0,
    department_id: UUID | None = None,
) -> list[RotationRow]:
    """People in key posts for longer than the tenure (from the appointment history), to be
    rotated (轮岗); ``within_days`` adds those whose turn comes within that many days."""
    day = on or review.today()
    tenure = years or review.settings.rotation_years
    rows = rotation.watch(svc.db, day, tenure, within_days, scope or department_id)
    return [RotationRow(**{k: r[k] for k in RotationRow.model_fields}) for r in rows]
