"""The audit API of every service, under ``/api/v1/<service>/audit`` (read-only)."""

# No ``from __future__ import annotations``: FastAPI resolves the closure's ``HistoryDep``.

import asyncio
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import StreamingResponse

from lianfang_shared.audit import checkpoint, schemas
from lianfang_shared.audit.access import READERS
from lianfang_shared.audit.history import History
from lianfang_shared.audit.jsonl import export_jsonl
from lianfang_shared.audit.signing import Signer, public_pem
from lianfang_shared.audit.timeline import timeline
from lianfang_shared.audit.verify_db import verify_log
from lianfang_shared.audit.when import local_zone, parse_time
from lianfang_shared.audit.xlsx import export_xlsx
from lianfang_shared.auth import CurrentUser
from lianfang_shared.errors import NotFound
from lianfang_shared.i18n import Locale, negotiate

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Subject = Annotated[UUID | None, Query(description="one aggregate (and what names it)")]


def _locale(request: Request, lang: Annotated[str | None, Query()] = None) -> Locale:
    return negotiate(lang or request.headers.get("accept-language"))


def audit_router(service: str) -> APIRouter:
    """The audit routes of one service."""
    router = APIRouter(prefix="/audit", tags=["audit"], dependencies=[READERS])

    def history(request: Request) -> History:
        svc = request.app.state.services[service]
        if svc.app is None or svc.audit is None:
            raise NotFound(f"the {service} service keeps no event log")
        return History(svc.app, svc.db, svc.audit.log)

    HistoryDep = Annotated[History, Depends(history)]

    @router.get("/aggregates/{aggregate_id}/events", summary="Every event of one aggregate")
    def aggregate_events(
        aggregate_id: UUID, h: HistoryDep, user: CurrentUser
    ) -> schemas.AggregateHistory:
        events = [e.to_json(service) for e in h.events(aggregate_id, user)]
        return schemas.AggregateHistory(
            service=service, aggregate_id=str(aggregate_id), events=events
        )

    @router.get("/aggregates/{aggregate_id}/state", summary="One aggregate as of a time or version")
    def aggregate_state(
        request: Request,
        aggregate_id: UUID,
        h: HistoryDep,
        user: CurrentUser,
        at: Annotated[
            str | None, Query(description="2026-06-30 (end of day) or a date-time")
        ] = None,
        version: Annotated[int | None, Query(ge=1)] = None,
    ) -> schemas.AggregateState:
        if at is not None and version is not None:
            raise HTTPException(422, "give either at or version, not both")
        moment = None
        if at is not None:
            try:
                moment = parse_time(at, request.app.state.platform.audit_local_offset)
            except ValueError as e:
                raise HTTPException(422, str(e)) from None
        return schemas.AggregateState(**h.state(aggregate_id, user, moment, version))

    @router.get("/subjects/{subject_id}/events", summary="Events of or naming a subject")
    def subject_events(
        subject_id: UUID,
        h: HistoryDep,
        user: CurrentUser,
        related: bool = True,
        limit: Annotated[int, Query(ge=1, le=10_000)] = 2000,
    ) -> schemas.SubjectEvents:
        found = [e.to_json(service) for e in h.mentions(subject_id, user, related, limit)]
        return schemas.SubjectEvents(service=service, subject=str(subject_id), events=found)

    @router.get("/timeline/{subject_id}", summary="A subject across every service, in time order")
    async def subject_timeline(
        request: Request, subject_id: UUID, related: bool = True
    ) -> schemas.Timeline:
        auth = request.headers.get("authorization", "")
        platform = request.app.state.platform
        return schemas.Timeline(**await timeline(platform, subject_id, auth, related))

    @router.get("/verify", summary="Recompute the hash chain and report every difference")
    async def verify(
        request: Request,
        h: HistoryDep,
        kafka: Annotated[bool, Query(description="also compare with checkpoints on Kafka")] = False,
    ) -> dict[str, Any]:
        platform = request.app.state.platform
        published = await checkpoint.published(platform, service) if kafka else []
        report = await asyncio.to_thread(verify_log, h.db, h.log, platform, published)
        return report.to_json()

    @router.get("/checkpoints", summary="Signed checkpoints and the key that verifies them")
    def checkpoints(request: Request, h: HistoryDep) -> schemas.Checkpoints:
        signer = Signer.from_settings(request.app.state.platform)
        with h.db.transaction() as conn:
            stored = [cp.to_json() for cp in checkpoint.stored(conn, h.log)]
        return schemas.Checkpoints(
            service=service,
            key_id=signer.key_id,
            public_key=public_pem(signer.public),
            checkpoints=stored,
        )

    @router.get("/export.jsonl", summary="The log (or a subject's part) as signed JSON Lines")
    def export_lines(
        request: Request, h: HistoryDep, user: CurrentUser, subject: Subject = None
    ) -> StreamingResponse:
        signer = Signer.from_settings(request.app.state.platform)
        lines = export_jsonl(h, subject, user, signer, user.user_id)
        name = f"{service}-{subject or 'log'}.jsonl"
        disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
        return StreamingResponse(lines, media_type="application/jsonl", headers=disposition)

    @router.get("/export.xlsx", summary="The log (or a subject's part) as a workbook for people")
    def export_workbook(
        request: Request,
        h: HistoryDep,
        user: CurrentUser,
        locale: Annotated[Locale, Depends(_locale)],
        subject: Subject = None,
    ) -> Response:
        platform = request.app.state.platform
        about = {"exported_by": user.user_id, "key_id": Signer.from_settings(platform).key_id}
        zone = local_zone(platform.audit_local_offset)
        data = export_xlsx(h, subject, user, locale, zone, about)
        name = f"{service}-{subject or 'log'}.xlsx"
        disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
        return Response(data, media_type=XLSX, headers=disposition)

    return router
