"""Reminders and escalations as rows: planned when an event names a deadline, cancelled when
an event says the thing is done, fired by the scheduler when due (exactly once: the row is
locked, its notifications filed and its status set in one transaction)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from lianfang_notify.routing.recipients import resolve
from lianfang_notify.store import notifications
from lianfang_shared.envelope import Envelope

Conn = psycopg.Connection[Any]


@dataclass(frozen=True)
class Stage:
    """One reminder or escalation of a deadline."""

    name: str
    kind: str
    level: int
    fire_at: datetime
    addresses: list[str]


@dataclass(frozen=True)
class Plan:
    """A deadline of one thing: when it is due, what to say, and where."""

    rule_id: str
    deadline: str
    key: str
    key_field: str | None
    due_at: datetime
    context: dict[str, Any]
    channels: list[str]
    cancel_on: list[str]


def plan(conn: Conn, p: Plan, stages: list[Stage], env: Envelope) -> None:
    """Store the stages; a later event moving the same deadline of the same thing re-arms
    them (keeping what the first one said and to whom)."""
    for s in stages:
        conn.execute(
            "INSERT INTO schedules (rule_id, deadline, key, stage, kind, level, fire_at, due_at, "
            "event_id, event_type, subject, template, context, addresses, channels, cancel_on, "
            "key_field) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
            "%s) "
            "ON CONFLICT (deadline, key, stage) DO UPDATE SET fire_at = EXCLUDED.fire_at, "
            "due_at = EXCLUDED.due_at, status = 'pending', settled_at = NULL "
            "WHERE schedules.due_at <> EXCLUDED.due_at",
            (
                p.rule_id, p.deadline, p.key, s.name, s.kind, s.level, s.fire_at, p.due_at,
                env.id, env.type, env.subject, s.kind, Jsonb(p.context), s.addresses,
                p.channels, p.cancel_on, p.key_field,
            ),
        )  # fmt: skip


def close(conn: Conn, deadline: str, key: str, env: Envelope) -> int:
    """The thing's deadline is met (or moot): cancel its pending stages, and remember it, so
    that an earlier event setting the deadline that arrives late (catch-up after a broker
    lost it) plans nothing. How many stages were cancelled."""
    conn.execute(
        "INSERT INTO closures (deadline, key, at, event_type) VALUES (%s, %s, %s, %s) "
        "ON CONFLICT (deadline, key) DO UPDATE SET at = EXCLUDED.at, "
        "event_type = EXCLUDED.event_type WHERE closures.at < EXCLUDED.at",
        (deadline, key, env.time, env.type),
    )
    return conn.execute(
        "UPDATE schedules SET status = 'cancelled', settled_at = now() "
        "WHERE deadline = %s AND key = %s AND status = 'pending'",
        (deadline, key),
    ).rowcount


def closed_since(conn: Conn, deadline: str, key: str, at: datetime) -> bool:
    """True if the thing's deadline was closed by an event at or after ``at``."""
    row = conn.execute(
        "SELECT 1 FROM closures WHERE deadline = %s AND key = %s AND at >= %s",
        (deadline, key, at),
    ).fetchone()
    return row is not None


def fire_due(conn: Conn, now: datetime, limit: int = 200) -> int:
    """File the notifications of every stage due by ``now``; how many stages fired.

    Of the reminders of one deadline that are due together (the service was down), only the
    latest is sent, and none once an escalation is due: the rest are ``superseded``.
    """
    rows = conn.execute(
        "SELECT * FROM schedules WHERE status = 'pending' AND fire_at <= %s "
        "ORDER BY deadline, key, fire_at LIMIT %s FOR UPDATE SKIP LOCKED",
        (now, limit),
    ).fetchall()
    fired = 0
    for _, group in groupby(rows, key=lambda r: (r["deadline"], r["key"])):
        stages = list(group)
        reminders = [s for s in stages if s["kind"] == "reminder"]
        escalated = any(s["kind"] == "escalation" for s in stages)
        skipped = {s["id"] for s in (reminders if escalated else reminders[:-1])}
        for s in stages:
            if s["id"] in skipped:
                _settle(conn, s["id"], "superseded")
                continue
            _fire(conn, s)
            fired += 1
    return fired


def _fire(conn: Conn, s: dict[str, Any]) -> None:
    event_id = f"schedule:{s['id']}:{int(s['due_at'].timestamp())}"
    for address in resolve(conn, list(s["addresses"])):
        notifications.file(
            conn,
            notifications.Notification(
                event_id=event_id,
                event_type=s["event_type"],
                rule_id=s["rule_id"],
                stage=s["kind"],
                address=address,
                template=s["template"],
                context={**s["context"], "level": s["level"]},
                subject=s["subject"],
                channels=list(s["channels"]),
                due_at=s["due_at"],
            ),
        )
    _settle(conn, s["id"], "fired")


def _settle(conn: Conn, schedule_id: int, status: str) -> None:
    conn.execute(
        "UPDATE schedules SET status = %s, settled_at = now() WHERE id = %s",
        (status, schedule_id),
    )


def listing(conn: Conn, status: str | None, limit: int, offset: int) -> list[dict[str, Any]]:
    """Stages by time (pending first for ops), optionally of one status."""
    return conn.execute(
        "SELECT id, rule_id, deadline, key, stage, kind, level, fire_at, due_at, event_type, "
        "subject, addresses, status, settled_at FROM schedules "
        "WHERE (%(s)s::text IS NULL OR status = %(s)s) "
        "ORDER BY fire_at, id LIMIT %(l)s OFFSET %(o)s",
        {"s": status, "l": limit, "o": offset},
    ).fetchall()
