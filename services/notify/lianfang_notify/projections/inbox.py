"""The in-app inbox: notifications addressed to a user or to a role, and who read them."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from lianfang_shared.auth import Principal
from lianfang_shared.consumer import Consumer
from lianfang_shared.contracts.registry import DepartmentCreated
from lianfang_shared.envelope import Envelope
from lianfang_shared.persistence import Database

TABLES = """
CREATE TABLE IF NOT EXISTS notifications (
    id bigserial PRIMARY KEY,
    recipient text NOT NULL,
    kind text NOT NULL,
    params jsonb NOT NULL,
    event_id text NOT NULL,
    subject text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (event_id, recipient)
);
CREATE TABLE IF NOT EXISTS notification_reads (
    notification_id bigint NOT NULL REFERENCES notifications (id),
    user_id text NOT NULL,
    read_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (notification_id, user_id)
);
"""


def add(
    conn: psycopg.Connection[Any],
    recipients: list[str],
    kind: str,
    params: dict[str, Any],
    env: Envelope,
) -> None:
    """File one notification per recipient (``role:<role>`` or ``user:<id>``)."""
    for recipient in recipients:
        conn.execute(
            "INSERT INTO notifications (recipient, kind, params, event_id, subject) "
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (event_id, recipient) DO NOTHING",
            (recipient, kind, Jsonb(params), env.id, env.subject),
        )


def when_department_created(
    conn: psycopg.Connection[Any], e: DepartmentCreated, env: Envelope
) -> None:
    """Tell the office and the admins that a department was registered."""
    add(
        conn,
        ["role:office", "role:admin"],
        "department_created",
        {"name": e.name, "code": e.code},
        env,
    )


def register(consumer: Consumer) -> None:
    """Notify's reactions to integration events."""
    consumer.projects(DepartmentCreated)(when_department_created)


def _recipients(user: Principal) -> list[str]:
    return [f"user:{user.user_id}", *(f"role:{r.value}" for r in user.roles)]


def inbox(
    db: Database, user: Principal, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """The user's notifications (newest first) and the unread count."""
    with db.transaction() as conn:
        rows = conn.execute(
            "SELECT n.id, n.kind, n.params, n.subject, n.created_at, r.read_at "
            "FROM notifications n LEFT JOIN notification_reads r "
            "ON r.notification_id = n.id AND r.user_id = %s "
            "WHERE n.recipient = ANY(%s) ORDER BY n.id DESC LIMIT %s OFFSET %s",
            (user.user_id, _recipients(user), limit, offset),
        ).fetchall()
        unread = conn.execute(
            "SELECT count(*) AS c FROM notifications n WHERE n.recipient = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM notification_reads r "
            "WHERE r.notification_id = n.id AND r.user_id = %s)",
            (_recipients(user), user.user_id),
        ).fetchone()
    return rows, int(unread["c"]) if unread else 0


def mark_read(db: Database, user: Principal, notification_id: int) -> bool:
    """Mark one of the user's notifications read; False if it is not theirs."""
    with db.transaction() as conn:
        row = conn.execute(
            "SELECT 1 FROM notifications WHERE id = %s AND recipient = ANY(%s)",
            (notification_id, _recipients(user)),
        ).fetchone()
        if row is None:
            return False
        conn.execute(
            "INSERT INTO notification_reads (notification_id, user_id) VALUES (%s, %s) "
            "ON CONFLICT DO NOTHING",
            (notification_id, user.user_id),
        )
    return True
