"""Spreadsheet routes: export annex 1 and annex 2 as XLSX; import powers from annex 1."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.responses import JSONResponse

from lianfang_registry.api.deps import (
    LocaleDep,
    RegistryDep,
    ScopeDep,
    ServiceDep,
    SettingsDep,
)
from lianfang_registry.api.power_schemas import Imported, Rejection
from lianfang_registry.domain.catalogue import ImportRejected
from lianfang_registry.domain.vocab import PowerCategory, PowerStatus
from lianfang_registry.projections import power_queries
from lianfang_registry.spreadsheets import writing
from lianfang_registry.spreadsheets.layout import TITLES
from lianfang_registry.spreadsheets.messages import rejection
from lianfang_registry.spreadsheets.reading import read_powers
from lianfang_shared.i18n import Locale, pick
from lianfang_shared.params import Day

router = APIRouter(tags=["spreadsheets"])


def export_filters(
    department_id: UUID | None = None,
    category: PowerCategory | None = None,
    status: Annotated[PowerStatus | None, Query(description="default: in force")] = None,
) -> dict[str, object]:
    """Which powers an export holds: in force unless a status is asked for."""
    return {
        "department_id": department_id,
        "category": category,
        "status": status,
        "in_force": status is None,
    }


ExportFilters = Annotated[dict[str, object], Depends(export_filters)]


def _xlsx(content: bytes, annex: str, locale: Locale) -> Response:
    name = quote(f"{pick(TITLES[annex], locale)}.xlsx")
    disposition = f"attachment; filename={annex}.xlsx; filename*=UTF-8''{name}"
    return Response(content, media_type=writing.XLSX, headers={"Content-Disposition": disposition})


@router.get("/exports/annex1.xlsx", response_class=Response)
def export_annex1(svc: ServiceDep, locale: LocaleDep, filters: ExportFilters) -> Response:
    """职权目录 (annex 1) as XLSX: powers in force unless a status is asked for."""
    rows = power_queries.annex1(svc.db, filters)
    return _xlsx(writing.annex1(rows, locale), "annex1", locale)


@router.get("/exports/annex2.xlsx", response_class=Response)
def export_annex2(
    svc: ServiceDep, locale: LocaleDep, filters: ExportFilters, as_of: Day | None = None
) -> Response:
    """权力和责任清单 (annex 2) as XLSX: responsibility items, posts and who holds them."""
    rows = power_queries.annex2(svc.db, filters, as_of or date.today())
    return _xlsx(writing.annex2(rows, locale), "annex2", locale)


@router.post(
    "/imports/powers",
    status_code=status.HTTP_201_CREATED,
    response_model=Imported,
    responses={422: {"model": Rejection, "description": "bad rows; nothing was stored"}},
    openapi_extra={
        "requestBody": {
            "content": {writing.XLSX: {"schema": {"type": "string", "format": "binary"}}}
        }
    },
)
async def import_powers(
    request: Request,
    scope: ScopeDep,
    registry: RegistryDep,
    svc: ServiceDep,
    settings: SettingsDep,
    locale: LocaleDep,
    activate: Annotated[bool, Query(description="in force at once instead of drafts")] = False,
) -> Response | Imported:
    """Import powers from an XLSX in the annex 1 layout: every row, or none (422 lists why)."""
    content = await request.body()

    def run() -> list[UUID]:
        rows, problems = read_powers(content, settings.import_max_rows)
        ids = registry.import_powers(rows, problems, scope=scope, activate=activate)
        svc.settle(timeout=60)
        return ids

    try:
        ids = await asyncio.to_thread(run)
    except ImportRejected as e:
        return JSONResponse(rejection(e, locale), status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)
    return Imported(imported=len(ids), ids=ids)
