"""Following deliveries: per notification, failed ones for ops, retrying, the schedule."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from lianfang_notify.api.deps import ADMIN, OPS, DbDep, Limit, Offset
from lianfang_notify.api.schemas import (
    AttemptRead,
    DeliveryDetail,
    DeliveryRead,
    DeliveryStatus,
    DeliverySummary,
    NotificationDetail,
    NotificationStatus,
    PushChannel,
    ScheduleRead,
)
from lianfang_notify.errors import NotificationNotFound
from lianfang_notify.store import deliveries, notifications, schedules

router = APIRouter(tags=["deliveries"], dependencies=[OPS])


@router.get("/notifications")
def find_notifications(
    db: DbDep,
    event_id: str | None = None,
    address: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[NotificationStatus]:
    """Notifications (of an event, to an address), with how their deliveries stand."""
    with db.transaction() as conn:
        return [
            NotificationStatus(**r)
            for r in notifications.find(conn, event_id, address, limit, offset)
        ]


@router.get("/notifications/{notification_id}")
def notification_status(db: DbDep, notification_id: int) -> NotificationDetail:
    """One notification and the state of each of its deliveries."""
    with db.transaction() as conn:
        found = notifications.find_one(conn, notification_id)
        if found is None:
            raise NotificationNotFound(f"no notification {notification_id}")
        items = deliveries.of_notification(conn, notification_id)
    return NotificationDetail(
        notification=NotificationStatus(**found), deliveries=[DeliveryRead(**d) for d in items]
    )


@router.get("/deliveries")
def list_deliveries(
    db: DbDep,
    status: DeliveryStatus | None = Query(None, description="e.g. failed"),
    channel: PushChannel | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[DeliveryRead]:
    """Deliveries, newest first: ``?status=failed`` lists what did not go out, and why."""
    with db.transaction() as conn:
        return [DeliveryRead(**r) for r in deliveries.listing(conn, status, channel, limit, offset)]


@router.get("/deliveries/summary")
def delivery_summary(db: DbDep) -> DeliverySummary:
    """Deliveries per channel and state, and reminders per state: what ops watch."""
    with db.transaction() as conn:
        return DeliverySummary(**deliveries.summary(conn))


@router.get("/deliveries/{delivery_id}")
def get_delivery(db: DbDep, delivery_id: int) -> DeliveryDetail:
    """One delivery with every attempt."""
    with db.transaction() as conn:
        row = deliveries.get(conn, delivery_id)
        history = deliveries.attempts(conn, delivery_id)
    return DeliveryDetail(**row, history=[AttemptRead(**a) for a in history])


@router.post(
    "/deliveries/{delivery_id}/retry",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[ADMIN],
)
def retry_delivery(db: DbDep, delivery_id: int) -> None:
    """Send a failed delivery again (after the channel was fixed)."""
    with db.transaction() as conn:
        deliveries.retry(conn, delivery_id)


@router.get("/schedules")
def list_schedules(
    db: DbDep,
    status: Annotated[str | None, Query(pattern="^(pending|fired|cancelled|superseded)$")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[ScheduleRead]:
    """Reminders and escalations by the time they fire (``?status=pending``: what is coming)."""
    with db.transaction() as conn:
        return [ScheduleRead(**r) for r in schedules.listing(conn, status, limit, offset)]
