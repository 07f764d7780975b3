"""Rotation (轮岗): who has held the same post for longer than the configured years."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from lianfang_registry.api import views
from lianfang_registry.api.deps import LocaleDep, Offset, Page, ServiceDep, SettingsDep
from lianfang_registry.api.schemas import HoldingList
from lianfang_registry.projections import org_queries
from lianfang_shared.params import Day

router = APIRouter(tags=["organisation"])


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@router.get("/rotation-candidates")
def rotation_candidates(
    svc: ServiceDep,
    settings: SettingsDep,
    locale: LocaleDep,
    years: Annotated[int | None, Query(ge=1, le=30, description="default: configured")] = None,
    key_only: Annotated[bool, Query(description="only key posts (重点岗位)")] = False,
    department_id: UUID | None = None,
    as_of: Day | None = None,
    limit: Page = 50,
    offset: Offset = 0,
) -> HoldingList:
    """Persons in the same post for ``years`` or more on ``as_of``, longest first."""
    day = as_of or date.today()
    since = years_before(day, years or settings.rotation_years)
    filters = {"key_only": key_only, "department_id": department_id}
    rows, total = org_queries.rotation_candidates(svc.db, since, day, filters, limit, offset)
    return HoldingList(items=[views.holding(r, locale) for r in rows], total=total)
