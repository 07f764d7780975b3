"""Notices (one per event, rule and address) and their fan-out to contact points."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from lianfang_shared.consumer import in_transaction, transaction_memo

Conn = psycopg.Connection[Any]
# Where ``defer`` keeps a consumer transaction's notices until ``file_deferred``.
DEFERRED = "notify: notices to file"
# From how many notices one statement of arrays (``file_all``) costs less than a statement
# each: psycopg's dumping of eleven arrays outweighs one or two round trips.
FILE_ALL_FROM = 4


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


def defer(conn: Conn, notice: Notification) -> None:
    """File ``notice`` at the end of the consumer's transaction, with the others of its run
    in one statement (``file_deferred``, a flush of notify's consumer); outside a consumer's
    transaction, at once."""
    if in_transaction():
        transaction_memo().setdefault(DEFERRED, []).append(notice)
    else:
        file(conn, notice)


def file_deferred(conn: Conn) -> None:
    """File what ``defer`` kept in the current consumer transaction."""
    notices = transaction_memo().pop(DEFERRED, [])
    if len(notices) >= FILE_ALL_FROM:
        file_all(conn, notices)
    else:
        for notice in notices:
            file(conn, notice)


_FILE_ALL = (
    "WITH given AS (SELECT * FROM unnest(%(event_id)s::text[], %(event_type)s::text[], "
    "%(rule_id)s::text[], %(stage)s::text[], %(address)s::text[], %(template)s::text[], "
    "%(context)s::jsonb[], %(subject)s::text[], %(due_at)s::timestamptz[], "
    "%(inbox)s::boolean[], %(channels)s::text[]) WITH ORDINALITY AS g (event_id, event_type, "
    "rule_id, stage, address, template, context, subject, due_at, inbox, channels, ord)), "
    "filed AS (INSERT INTO notifications (event_id, event_type, rule_id, stage, address, "
    "template, context, subject, due_at, inbox) SELECT event_id, event_type, rule_id, stage, "
    "address, template, context, subject, due_at, inbox FROM given ORDER BY ord "
    "ON CONFLICT (event_id, rule_id, address) DO NOTHING "
    "RETURNING id, event_id, rule_id, address) "
    "INSERT INTO deliveries (notification_id, contact_point_id, channel, status) "
    "SELECT f.id, c.id, c.channel, CASE WHEN c.digest THEN 'held' ELSE 'pending' END "
    "FROM filed f JOIN given g USING (event_id, rule_id, address) "
    "JOIN contact_points c ON c.address = f.address "
    "AND c.channel = ANY(string_to_array(g.channels, ',')) AND c.removed_at IS NULL "
    "ORDER BY g.ord, c.id ON CONFLICT DO NOTHING"
)


def file_all(conn: Conn, notices: Sequence[Notification]) -> None:
    """``file`` for several notices with one statement, in their order; those filed before
    are left as they were."""
    conn.execute(
        _FILE_ALL,
        {
            "event_id": [n.event_id for n in notices],
            "event_type": [n.event_type for n in notices],
            "rule_id": [n.rule_id for n in notices],
            "stage": [n.stage for n in notices],
            "address": [n.address for n in notices],
            "template": [n.template for n in notices],
            "context": [Jsonb(n.context) for n in notices],
            "subject": [n.subject for n in notices],
            "due_at": [n.due_at for n in notices],
            "inbox": ["inbox" in n.channels for n in notices],
            # Channel names are identifiers (email, wecom, …): no commas.
            "channels": [",".join(c for c in n.channels if c != "inbox") for n in notices],
        },
    )


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
