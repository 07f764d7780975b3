"""Operational status of a service: relay lag, consumer counters, projection positions."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request

from lianfang_shared.auth import Role, require


def status_router(service_name: str) -> APIRouter:
    """``GET /internal/status`` for admins, auditors and services."""
    router = APIRouter(prefix="/internal", tags=["internal"])

    @router.get(
        "/status",
        dependencies=[require(Role.admin, Role.auditor, Role.service)],
        summary="Relay position and lag, consumer counters, projection positions",
    )
    async def status(request: Request) -> dict[str, Any]:
        svc = request.app.state.services[service_name]
        return await asyncio.to_thread(snapshot, svc)

    return router


def snapshot(svc: Any) -> dict[str, Any]:
    """What the service has done so far (counters since the process started)."""
    out: dict[str, Any] = {"service": svc.name, "bus_ready": svc.bus_ready}
    if svc.intake is not None:
        out["consuming"] = svc.consuming
    if svc.outbox is not None:
        head = svc.outbox.head()
        position = svc.relay.position if svc.relay is not None else None
        out["relay"] = {
            "head": head,
            "position": position,
            "lag": None if position is None else head - position,
            "published": svc.relay.published if svc.relay is not None else 0,
            "leader": svc.relay is not None and svc.relay.leadership.held,
        }
    if svc.consumer is not None:
        out["consumer"] = {
            "applied": svc.consumer.applied,
            "duplicates": svc.consumer.duplicates,
            "dead_lettered": svc.intake.dead_lettered if svc.intake else 0,
            "filled_from_feeds": svc.catchup.filled if svc.catchup else 0,
        }
    out["projections"] = {r.projection.name: r.position() for r in svc.projectors}
    return out
