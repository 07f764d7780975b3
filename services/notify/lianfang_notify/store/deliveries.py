"""Deliveries: claimed by the dispatcher when due, each attempt recorded, retried with backoff
until sent or ``failed`` with the reason."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import psycopg

from lianfang_notify.errors import DeliveryNotFailed, DeliveryNotFound

Conn = psycopg.Connection[Any]
_COLUMNS = (
    "d.id, d.notification_id, d.contact_point_id, d.channel, d.status, d.attempts, "
    "d.next_attempt_at, d.last_error, d.sent_at, d.digest_day, d.created_at"
)


def claim(conn: Conn, now: datetime, limit: int) -> list[dict[str, Any]]:
    """Mark up to ``limit`` due deliveries ``sending`` (one more attempt) and return them with
    their contact point."""
    return conn.execute(
        "UPDATE deliveries d SET status = 'sending', attempts = d.attempts + 1 "
        "FROM contact_points c WHERE c.id = d.contact_point_id AND d.id IN ("
        "SELECT id FROM deliveries WHERE status = 'pending' "
        "AND (next_attempt_at IS NULL OR next_attempt_at <= %s) "
        "ORDER BY next_attempt_at NULLS FIRST, id LIMIT %s FOR UPDATE SKIP LOCKED) "
        "RETURNING d.id, d.notification_id, d.channel, d.attempts, d.digest_day, c.address, "
        "c.target, c.secret, c.locale, c.removed_at",
        (now, limit),
    ).fetchall()


def record(
    conn: Conn,
    delivery_id: int,
    attempt: int,
    at: datetime,
    error: str | None,
    retry_at: datetime | None,
) -> str:
    """Record one attempt: sent (no error), pending again (``retry_at``) or failed."""
    conn.execute(
        "INSERT INTO delivery_attempts (delivery_id, attempt, at, ok, detail) "
        "VALUES (%s, %s, %s, %s, %s)",
        (delivery_id, attempt, at, error is None, error or "sent"),
    )
    status = "sent" if error is None else ("pending" if retry_at else "failed")
    conn.execute(
        "UPDATE deliveries SET status = %s, last_error = %s, next_attempt_at = %s, "
        "sent_at = CASE WHEN %s = 'sent' THEN %s ELSE sent_at END WHERE id = %s",
        (status, error or "", retry_at, status, at, delivery_id),
    )
    return status


def recover(conn: Conn) -> int:
    """Deliveries left ``sending`` by an instance that stopped mid-send become due again."""
    return conn.execute(
        "UPDATE deliveries SET status = 'pending' WHERE status = 'sending'"
    ).rowcount


def listing(
    conn: Conn, status: str | None, channel: str | None, limit: int, offset: int
) -> list[dict[str, Any]]:
    """Deliveries newest first (e.g. the failed ones, for ops), with their address."""
    return conn.execute(
        f"SELECT {_COLUMNS}, c.address, n.event_type, n.event_id, n.rule_id FROM deliveries d "
        "JOIN contact_points c ON c.id = d.contact_point_id "
        "LEFT JOIN notifications n ON n.id = d.notification_id "
        "WHERE (%(s)s::text IS NULL OR d.status = %(s)s) "
        "AND (%(c)s::text IS NULL OR d.channel = %(c)s) "
        "ORDER BY d.id DESC LIMIT %(l)s OFFSET %(o)s",
        {"s": status, "c": channel, "l": limit, "o": offset},
    ).fetchall()


def summary(conn: Conn) -> dict[str, Any]:
    """How many deliveries are in each state per channel, and stages in each state."""
    found: dict[str, dict[str, int]] = {}
    for r in conn.execute(
        "SELECT channel, status, count(*) AS n FROM deliveries GROUP BY 1, 2"
    ).fetchall():
        found.setdefault(r["channel"], {})[r["status"]] = int(r["n"])
    stages = conn.execute("SELECT status, count(*) AS n FROM schedules GROUP BY 1").fetchall()
    due = conn.execute(
        "SELECT min(next_attempt_at) AS at FROM deliveries WHERE status = 'pending'"
    ).fetchone()
    return {
        "deliveries": found,
        "schedules": {r["status"]: int(r["n"]) for r in stages},
        "next_retry_at": due["at"] if due else None,
    }


def of_notification(conn: Conn, notification_id: int) -> list[dict[str, Any]]:
    """The deliveries of one notice (and, for digested ones, their digest's state)."""
    return conn.execute(
        f"SELECT {_COLUMNS}, c.address FROM deliveries d "
        "JOIN contact_points c ON c.id = d.contact_point_id WHERE d.notification_id = %s "
        "ORDER BY d.id",
        (notification_id,),
    ).fetchall()


def attempts(conn: Conn, delivery_id: int) -> list[dict[str, Any]]:
    """Every attempt of one delivery, in order."""
    return conn.execute(
        "SELECT attempt, at, ok, detail FROM delivery_attempts WHERE delivery_id = %s ORDER BY id",
        (delivery_id,),
    ).fetchall()


def get(conn: Conn, delivery_id: int) -> dict[str, Any]:
    """One delivery; DeliveryNotFound if there is none."""
    row = conn.execute(
        f"SELECT {_COLUMNS}, c.address FROM deliveries d "
        "JOIN contact_points c ON c.id = d.contact_point_id WHERE d.id = %s",
        (delivery_id,),
    ).fetchone()
    if row is None:
        raise DeliveryNotFound(f"no delivery {delivery_id}")
    return row


def retry(conn: Conn, delivery_id: int) -> None:
    """Send a failed delivery again, with a fresh count of attempts."""
    row = conn.execute(
        "UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = NULL "
        "WHERE id = %s AND status = 'failed' RETURNING id",
        (delivery_id,),
    ).fetchone()
    if row is None:
        get(conn, delivery_id)
        raise DeliveryNotFailed(f"delivery {delivery_id} has not failed")
