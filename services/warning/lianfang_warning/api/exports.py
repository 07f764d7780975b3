"""Annex 7 exports (廉洁风险预警处置记录) as XLSX: per case, per warning, and a period register."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Query, Response

from lianfang_shared.i18n import Locale, pick
from lianfang_shared.params import Day
from lianfang_warning.api.deps import READERS, AppDep, LocaleDep, ScopeDep, ServiceDep, SettingsDep
from lianfang_warning.domain.errors import InvalidDate
from lianfang_warning.projections import case_queries, warning_queries
from lianfang_warning.spreadsheets import records, writing
from lianfang_warning.spreadsheets.layout import TITLES

router = APIRouter(tags=["exports"])


def _xlsx(content: bytes, name: str, title: str, locale: Locale) -> Response:
    quoted = quote(f"{pick(TITLES[title], locale)}.xlsx")
    disposition = f"attachment; filename={name}.xlsx; filename*=UTF-8''{quoted}"
    return Response(content, media_type=writing.XLSX, headers={"Content-Disposition": disposition})


def _records(
    svc: Any, settings: Any, rows: list[dict[str, Any]], locale: Locale, disclose: bool
) -> list[dict[str, str]]:
    channels = case_queries.channels_by_case(svc.db, list({r["case_id"] for r in rows}))
    return records.records(svc.db, rows, channels, settings.zone, locale, disclose)


@router.get("/cases/{case_id}/annex7.xlsx", response_class=Response, dependencies=[READERS])
def case_annex7(
    case_id: UUID, app: AppDep, svc: ServiceDep, settings: SettingsDep, locale: LocaleDep
) -> Response:
    """Annex 7 of a case: one sheet per warning it led to."""
    app.get_case(case_id)
    rows, _ = warning_queries.list_warnings(svc.db, {"case_id": case_id}, app.today(), 500, 0)
    rows.sort(key=lambda r: r["warning_no"])
    content = writing.forms(_records(svc, settings, rows, locale, True), locale)
    return _xlsx(content, "annex7", "annex7", locale)


@router.get("/warnings/{warning_id}/annex7.xlsx", response_class=Response)
def warning_annex7(
    warning_id: UUID,
    app: AppDep,
    svc: ServiceDep,
    settings: SettingsDep,
    locale: LocaleDep,
    scope: ScopeDep,
) -> Response:
    """Annex 7 of one warning (a department head's copy names no signal sources)."""
    app.get_warning(warning_id, scope)
    row = warning_queries.warning_row(svc.db, warning_id, app.today())
    rows = [row] if row else []
    content = writing.forms(_records(svc, settings, rows, locale, scope is None), locale)
    return _xlsx(content, "annex7", "annex7", locale)


@router.get("/exports/annex7.xlsx", response_class=Response)
def register_annex7(
    app: AppDep,
    svc: ServiceDep,
    settings: SettingsDep,
    locale: LocaleDep,
    scope: ScopeDep,
    start: Annotated[Day, Query(alias="from", description="issued on or after")],
    end: Annotated[Day, Query(alias="to", description="issued on or before")],
    department_id: UUID | None = None,
    layout: Annotated[Literal["register", "forms"], Query()] = "register",
) -> Response:
    """Annex 7 for a period: the register (one row per warning) or every form."""
    if end < start:
        raise InvalidDate("the period ends before it starts")
    rows = warning_queries.register(svc.db, start, end, app.today(), scope or department_id)
    found = _records(svc, settings, rows, locale, scope is None)
    if layout == "forms":
        return _xlsx(writing.forms(found, locale), "annex7", "annex7", locale)
    return _xlsx(writing.register(found, locale), "annex7-register", "register", locale)
