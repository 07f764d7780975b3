"""Report routes: the heat map, annex 3 and the registration forms (annexes 4, 5, 6) as XLSX."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Query, Response

from lianfang_review.api.approval_schemas import HeatMap
from lianfang_review.api.deps import READERS, LocaleDep, ServiceDep, VisibleDep
from lianfang_review.api.points import PointFilters
from lianfang_review.domain.errors import Forbidden, UnknownReference
from lianfang_review.domain.vocab import label
from lianfang_review.projections import reports
from lianfang_review.spreadsheets import writing
from lianfang_review.spreadsheets.layout import ANNEX_RANKS, TITLES, annex_for
from lianfang_shared.i18n import Locale, pick
from lianfang_shared.params import Day

router = APIRouter(tags=["reports"], dependencies=[READERS])
AsOf = Annotated[Day | None, Query(description="whose posts on this date (default: today)")]


def _xlsx(content: bytes, annex: str, locale: Locale) -> Response:
    name = quote(f"{pick(TITLES[annex], locale)}.xlsx")
    disposition = f"attachment; filename={annex}.xlsx; filename*=UTF-8''{name}"
    return Response(content, media_type=writing.XLSX, headers={"Content-Disposition": disposition})


@router.get("/heatmap")
def heatmap(svc: ServiceDep, locale: LocaleDep, filters: PointFilters) -> HeatMap:
    """Risk points by department × grade and by category × grade (merged points left out)."""
    data = reports.heatmap(svc.db, filters)
    for row in data["by_category"]:
        row["category_label"] = label(row["category"], locale)
    return HeatMap(**data)


@router.get("/exports/annex3.xlsx", response_class=Response)
def export_annex3(svc: ServiceDep, locale: LocaleDep, filters: PointFilters) -> Response:
    """风险与措施清单 (annex 3) as XLSX, with the list's filters."""
    rows = reports.annex3(svc.db, filters)
    return _xlsx(writing.annex3(rows, locale), "annex3", locale)


def _owner(svc: ServiceDep, person_id: UUID, on: date) -> dict[str, object]:
    owner = reports.form_owner(svc.db, person_id, on)
    if owner is None:
        raise UnknownReference(f"unknown person {person_id}")
    posts = [p["post_id"] for p in owner["posts"]]
    return {**owner, "points": reports.form_points(svc.db, person_id, posts)}


@router.get("/exports/registration-forms/{person_id}.xlsx", response_class=Response)
def export_form(
    person_id: UUID, svc: ServiceDep, locale: LocaleDep, visible: VisibleDep, as_of: AsOf = None
) -> Response:
    """One person's 廉洁风险点防控登记表: annex 4 (key-post staff), 5 (middle cadre) or 6
    (leader), by their rank."""
    owner = _owner(svc, person_id, as_of or date.today())
    departments = {p["department_id"] for p in owner["posts"]}  # type: ignore[attr-defined]
    if visible is not None and visible not in departments:
        raise Forbidden("this person is in another department")
    annex = annex_for(str(owner["rank"]))
    return _xlsx(writing.forms(annex, [owner], locale), f"annex{annex}", locale)


@router.get("/exports/registration-forms.xlsx", response_class=Response)
def export_forms(
    svc: ServiceDep,
    locale: LocaleDep,
    visible: VisibleDep,
    annex: Annotated[int, Query(ge=4, le=6, description="4 key-post staff, 5 cadres, 6 leaders")],
    department_id: UUID | None = None,
    as_of: AsOf = None,
) -> Response:
    """Every registration form of one annex (a sheet per person), for a department if given."""
    on = as_of or date.today()
    if visible is not None:
        if department_id not in (None, visible):
            raise Forbidden("department people export their own department's forms only")
        department_id = visible
    persons = reports.persons_of_ranks(svc.db, ANNEX_RANKS[annex], department_id, on)
    owners = [_owner(svc, p, on) for p in persons]
    return _xlsx(writing.forms(annex, owners, locale), f"annex{annex}", locale)
