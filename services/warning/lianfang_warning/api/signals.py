"""Intake routes: signals one at a time or from a spreadsheet; the reporter's identity, read."""

from __future__ import annotations

import asyncio
from uuid import UUID

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse

from lianfang_shared.auth import CurrentUser
from lianfang_warning.api import views
from lianfang_warning.api.deps import (
    OFFICE,
    READERS,
    AppDep,
    LocaleDep,
    ServiceDep,
    SettingsDep,
)
from lianfang_warning.api.schemas import (
    IdentityRead,
    IdentityReadCreate,
    Imported,
    Rejection,
    SignalCreate,
    SignalCreated,
    SignalRead,
)
from lianfang_warning.clock import CLOCK
from lianfang_warning.domain.drafts import SignalDraft
from lianfang_warning.domain.errors import SignalNotFound
from lianfang_warning.domain.imports import ImportRejected
from lianfang_warning.projections import case_queries
from lianfang_warning.spreadsheets.messages import rejection
from lianfang_warning.spreadsheets.reading import read_signals
from lianfang_warning.spreadsheets.writing import XLSX
from lianfang_warning.vault import Reporter

router = APIRouter(tags=["intake"])


@router.post("/signals", status_code=status.HTTP_201_CREATED, dependencies=[OFFICE])
def record_signal(
    body: SignalCreate, app: AppDep, svc: ServiceDep, user: CurrentUser
) -> SignalCreated:
    """Record a signal (预警信息) in a new case, or in ``case_id``; anonymous reports allowed."""
    draft = SignalDraft(
        **body.model_dump(include=set(SignalDraft.__dataclass_fields__) - {"attachments"}),
        attachments=[a.model_dump() for a in body.attachments],
    )
    reporter = Reporter(**body.reporter.model_dump()) if body.reporter else None
    signal_id, case_id = app.record_signal(
        draft, reporter, user.user_id, body.case_id, body.assignees
    )
    svc.settle()
    return SignalCreated(signal_id=signal_id, case_id=case_id)


@router.get("/signals/{signal_id}", dependencies=[READERS])
def get_signal(signal_id: UUID, svc: ServiceDep, locale: LocaleDep) -> SignalRead:
    """One signal (whether it is anonymous; never who reported it)."""
    row = case_queries.signal_row(svc.db, signal_id)
    if row is None:
        raise SignalNotFound(f"signal {signal_id} not found")
    return views.signal(row, locale)


@router.post("/signals/{signal_id}/identity-reads", dependencies=[OFFICE])
def read_identity(
    signal_id: UUID,
    body: IdentityReadCreate,
    app: AppDep,
    svc: ServiceDep,
    user: CurrentUser,
    response: Response,
) -> IdentityRead:
    """The reporter's identity, for the office staff assigned to the case; each read is
    recorded (who, when, why) before the identity is returned."""
    reporter = app.read_reporter(signal_id, body.reason, user.user_id)
    svc.settle()
    response.headers["Cache-Control"] = "no-store"
    return IdentityRead(**reporter.to_json(), read_by=user.user_id, read_at=CLOCK.now())


@router.post(
    "/imports/signals",
    status_code=status.HTTP_201_CREATED,
    response_model=Imported,
    dependencies=[OFFICE],
    responses={422: {"model": Rejection, "description": "bad rows; nothing was stored"}},
    openapi_extra={
        "requestBody": {"content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}
    },
)
async def import_signals(
    request: Request,
    app: AppDep,
    svc: ServiceDep,
    settings: SettingsDep,
    locale: LocaleDep,
    user: CurrentUser,
) -> Response | Imported:
    """Import signals (e.g. a register of audit findings) from XLSX: every row, or none."""
    content = await request.body()

    def run() -> list[UUID]:
        rows, problems = read_signals(content, settings.import_max_rows)
        ids = app.import_signals(rows, problems, user.user_id)
        svc.settle(timeout=60)
        return ids

    try:
        ids = await asyncio.to_thread(run)
    except ImportRejected as e:
        return JSONResponse(rejection(e, locale), status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)
    return Imported(imported=len(ids), signal_ids=ids)
