"""Notices (one per event, rule and address) and their fan-out to contact points."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

Conn = psycopg.Connection[Any]


@dataclass(frozen=True)
class Notification:
    """What one address is told about one event (or one reminder or escalation of it)."""

    event_id: str
    event_type: str
    rule_id: str
    stage: str
    address: str
    template: str
    context: dict[str, Any]
    subject: str
    channels: list[str] = field(default_factory=list)
    due_at: datetime | None = None


def file(conn: Conn, notice: Notification) -> int | None:
    """Store the notice and one delivery per matching contact point of its address, in the
    caller's transaction (one statement); None (and nothing stored) if it was filed before."""
    row = conn.execute(
        "WITH filed AS (INSERT INTO notifications (event_id, event_type, rule_id, stage, "
        "address, template, context, subject, due_at, inbox) "
        "VALUES (%(event_id)s, %(event_type)s, %(rule_id)s, %(stage)s, %(address)s, "
        "%(template)s, %(context)s, %(subject)s, %(due_at)s, %(inbox)s) "
        "ON CONFLICT (event_id, rule_id, address) DO NOTHING RETURNING id), "
        "sent AS (INSERT INTO deliveries (notification_id, contact_point_id, channel, status) "
        "SELECT filed.id, c.id, c.channel, CASE WHEN c.digest THEN 'held' ELSE 'pending' END "
        "FROM filed JOIN contact_points c ON c.address = %(address)s "
        "AND c.channel = ANY(%(channels)s) AND c.removed_at IS NULL ON CONFLICT DO NOTHING) "
        "SELECT id FROM filed",
        {
            "event_id": notice.event_id,
            "event_type": notice.event_type,
            "rule_id": notice.rule_id,
            "stage": notice.stage,
            "address": notice.address,
            "template": notice.template,
            "context": Jsonb(notice.context),
            "subject": notice.subject,
            "due_at": notice.due_at,
            "inbox": "inbox" in notice.channels,
            "channels": [c for c in notice.channels if c != "inbox"],
        },
    ).fetchone()
    return int(row["id"]) if row else None


def inbox(
    conn: Conn, addresses: list[str], user_id: str, limit: int, offset: int, unread_only: bool
) -> tuple[list[dict[str, Any]], int, int]:
    """A user's notifications (newest first), how many there are, and how many are unread."""
    unread_clause = "AND r.read_at IS NULL" if unread_only else ""
    rows = conn.execute(
        "SELECT n.id, n.event_type, n.rule_id, n.stage, n.template, n.context, n.subject, "
        "n.due_at, n.created_at, r.read_at FROM notifications n LEFT JOIN notification_reads r "
        "ON r.notification_id = n.id AND r.user_id = %s WHERE n.inbox AND n.address = ANY(%s) "
        f"{unread_clause} ORDER BY n.id DESC LIMIT %s OFFSET %s",
        (user_id, addresses, limit, offset),
    ).fetchall()
    counts = conn.execute(
        "SELECT count(*) AS total, count(*) FILTER (WHERE r.read_at IS NULL) AS unread "
        "FROM notifications n LEFT JOIN notification_reads r "
        "ON r.notification_id = n.id AND r.user_id = %s "
        "WHERE n.inbox AND n.address = ANY(%s)",
        (user_id, addresses),
    ).fetchone()
    assert counts is not None
    return rows, int(counts["total"]), int(counts["unread"])


def mark_read(conn: Conn, addresses: list[str], user_id: str, notification_id: int) -> bool:
    """Mark one of the user's notifications read; False if it is not theirs."""
    row = conn.execute(
        "SELECT 1 FROM notifications WHERE id = %s AND inbox AND address = ANY(%s)",
        (notification_id, addresses),
    ).fetchone()
    if row is None:
        return False
    conn.execute(
        "INSERT INTO notification_reads (notification_id, user_id) VALUES (%s, %s) "
        "ON CONFLICT DO NOTHING",
        (notification_id, user_id),
    )
    return True


def mark_all_read(conn: Conn, addresses: list[str], user_id: str) -> int:
    """Mark every notice of the user read; how many were unread."""
    cur = conn.execute(
        "INSERT INTO notification_reads (notification_id, user_id) "
        "SELECT n.id, %s FROM notifications n WHERE n.inbox AND n.address = ANY(%s) "
        "ON CONFLICT DO NOTHING",
        (user_id, addresses),
    )
    return cur.rowcount


_STATUS = (
    "SELECT n.id, n.event_id, n.event_type, n.rule_id, n.stage, n.address, n.subject, "
    "n.due_at, n.created_at, n.inbox, COALESCE(json_object_agg(d.status, d.c) "
    "FILTER (WHERE d.status IS NOT NULL), '{}') AS deliveries FROM notifications n "
    "LEFT JOIN (SELECT notification_id, status, count(*) AS c FROM deliveries GROUP BY 1, 2) d "
    "ON d.notification_id = n.id "
)


def find(
    conn: Conn, event_id: str | None, address: str | None, limit: int, offset: int
) -> list[dict[str, Any]]:
    """Notices by event and/or address, newest first, with their deliveries' states."""
    return conn.execute(
        _STATUS + "WHERE (%(e)s::text IS NULL OR n.event_id = %(e)s) "
        "AND (%(a)s::text IS NULL OR n.address = %(a)s) GROUP BY n.id "
        "ORDER BY n.id DESC LIMIT %(l)s OFFSET %(o)s",
        {"e": event_id, "a": address, "l": limit, "o": offset},
    ).fetchall()


def find_one(conn: Conn, notification_id: int) -> dict[str, Any] | None:
    """One notice with its deliveries' states."""
    return conn.execute(_STATUS + "WHERE n.id = %s GROUP BY n.id", (notification_id,)).fetchone()


def get(conn: Conn, notification_id: int) -> dict[str, Any] | None:
    """One notice with what it needs to be rendered."""
    return conn.execute("SELECT * FROM notifications WHERE id = %s", (notification_id,)).fetchone()
