"""Notify routes: the portal's in-app inbox."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Query, Request, status
from pydantic import BaseModel

from lianfang_notify.messages import render
from lianfang_notify.projections import inbox as store
from lianfang_shared.auth import CurrentUser
from lianfang_shared.i18n import negotiate

router = APIRouter()


class NotificationRead(BaseModel):
    id: int
    kind: str
    text: str
    subject: str
    created_at: datetime
    read: bool


class Inbox(BaseModel):
    items: list[NotificationRead]
    unread: int


@router.get("/inbox")
async def get_inbox(
    request: Request,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    lang: str | None = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> Inbox:
    """The caller's notifications, newest first, in their language (zh-Hans by default)."""
    db = request.app.state.services["notify"].db
    rows, unread = await asyncio.to_thread(store.inbox, db, user, limit, offset)
    locale = negotiate(lang or accept_language)
    items = [
        NotificationRead(
            id=r["id"],
            kind=r["kind"],
            text=render(r["kind"], r["params"], locale),
            subject=r["subject"],
            created_at=r["created_at"],
            read=r["read_at"] is not None,
        )
        for r in rows
    ]
    return Inbox(items=items, unread=unread)


@router.post("/inbox/{notification_id}/read", status_code=status.HTTP_204_NO_CONTENT)
async def mark_read(request: Request, user: CurrentUser, notification_id: int) -> None:
    """Mark a notification read."""
    db = request.app.state.services["notify"].db
    if not await asyncio.to_thread(store.mark_read, db, user, notification_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "notification not found")
