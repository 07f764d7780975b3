"""The in-app inbox: a user's notifications, unread count, marking read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from lianfang_notify import addresses
from lianfang_notify.api.deps import DbDep, Limit, LocaleDep, Offset, SettingsDep
from lianfang_notify.api.schemas import Inbox, NotificationRead, Unread
from lianfang_notify.errors import NotificationNotFound
from lianfang_notify.store import notifications
from lianfang_notify.templates import book as templates
from lianfang_notify.templates.message import safely
from lianfang_shared.auth import CurrentUser

router = APIRouter(prefix="/inbox", tags=["inbox"])


@router.get("")
def get_inbox(
    user: CurrentUser,
    db: DbDep,
    settings: SettingsDep,
    locale: LocaleDep,
    limit: Limit = 50,
    offset: Offset = 0,
    unread: Annotated[bool, Query(description="only the unread ones")] = False,
) -> Inbox:
    """The caller's notifications, newest first, in their language (zh-Hans by default)."""
    mine = addresses.of(user)
    with db.transaction() as conn:
        rows, total, unread_count = notifications.inbox(
            conn, mine, user.user_id, limit, offset, unread
        )
        found = templates.load(conn)
    items = []
    for r in rows:
        text = safely(found, r, locale, settings.zone)
        items.append(
            NotificationRead(
                id=r["id"],
                event_type=r["event_type"],
                rule_id=r["rule_id"],
                stage=r["stage"],
                kind=r["context"].get("_notice_template") or r["template"],
                text=text.title,
                body=text.body,
                subject=r["subject"],
                due_at=r["due_at"],
                created_at=r["created_at"],
                read=r["read_at"] is not None,
            )
        )
    return Inbox(items=items, total=total, unread=unread_count)


@router.get("/unread")
def unread_count(user: CurrentUser, db: DbDep) -> Unread:
    """How many of the caller's notifications are unread (the portal's badge)."""
    with db.transaction() as conn:
        _, _, count = notifications.inbox(conn, addresses.of(user), user.user_id, 1, 0, True)
    return Unread(unread=count)


@router.post("/{notification_id}/read", status_code=status.HTTP_204_NO_CONTENT)
def mark_read(user: CurrentUser, db: DbDep, notification_id: int) -> None:
    """Mark one notification read."""
    with db.transaction() as conn:
        if not notifications.mark_read(conn, addresses.of(user), user.user_id, notification_id):
            raise NotificationNotFound("notification not found")


@router.post("/read", status_code=status.HTTP_200_OK)
def mark_all_read(user: CurrentUser, db: DbDep) -> Unread:
    """Mark every notification of the caller read; answers the unread count (0)."""
    with db.transaction() as conn:
        notifications.mark_all_read(conn, addresses.of(user), user.user_id)
    return Unread(unread=0)
