"""The feed: a service's own event log over HTTP, for catch-up and for auditors."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel

from lianfang_shared.auth import Role, require
from lianfang_shared.outbox import Outbox
from lianfang_shared.params import BIGINT_MAX


class FeedPage(BaseModel):
    """One page of a feed: events after a position, the next position and the log's head."""

    events: list[dict[str, Any]]
    next_after: int
    head: int


def feed_router(service: str) -> APIRouter:
    """``GET /internal/events?after=N&limit=M`` for services (and auditors, admins)."""
    router = APIRouter(prefix="/internal", tags=["internal"])

    @router.get(
        "/events",
        dependencies=[require(Role.service, Role.auditor, Role.admin)],
        summary="Integration events after a position (CloudEvents JSON), in log order",
    )
    async def events(
        request: Request,
        after: Annotated[int, Query(ge=0, le=BIGINT_MAX)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 500,
    ) -> FeedPage:
        outbox: Outbox | None = request.app.state.services[service].outbox
        if outbox is None:
            raise HTTPException(404, f"the {service} service publishes no events")
        envelopes, last = await asyncio.to_thread(outbox.read, after, limit)
        head = await asyncio.to_thread(outbox.head)
        return FeedPage(events=[e.to_json() for e in envelopes], next_after=last, head=head)

    return router
