"""Signals and cases → signal_list and case_list."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import psycopg
from psycopg.types.json import Jsonb

from lianfang_shared.persistence import event_metadata
from lianfang_warning.domain.case import Case
from lianfang_warning.domain.signal import Signal
from lianfang_warning.projections.tables import casework

Conn = psycopg.Connection[Any]


def plain(value: Any) -> Any:
    """``value`` with dates and ids as strings (for jsonb)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, date | UUID):
        return str(value)
    return value


def actor(e: Any) -> str:
    """Who caused the event."""
    return event_metadata(e).get("actor", "system")


@casework.on(Signal.Received)
def on_received(conn: Conn, e: Signal.Received, _: int) -> None:
    conn.execute(
        "INSERT INTO signal_list (id, case_id, channel, received_on, summary, content, "
        "source_ref, department_ids, person_ids, risk_point_ids, attachments, has_identity, "
        "recorded_at, recorded_by) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (
            e.originator_id,
            e.case_id,
            str(e.channel),
            e.received_on,
            e.summary,
            e.content,
            e.source_ref,
            e.department_ids,
            e.person_ids,
            e.risk_point_ids,
            Jsonb(plain(e.attachments)),
            e.reporter_sealed is not None,
            e.timestamp,
            actor(e),
        ),
    )


@casework.on(Signal.MovedToCase)
def on_moved(conn: Conn, e: Signal.MovedToCase, _: int) -> None:
    conn.execute("UPDATE signal_list SET case_id = %s WHERE id = %s", (e.case_id, e.originator_id))


@casework.on(Signal.ReporterIdentityRead)
def on_identity_read(conn: Conn, e: Signal.ReporterIdentityRead, _: int) -> None:
    conn.execute(
        "UPDATE signal_list SET identity_reads = identity_reads + 1 WHERE id = %s",
        (e.originator_id,),
    )


@casework.on(Case.Opened)
def on_opened(conn: Conn, e: Case.Opened, _: int) -> None:
    year = e.timestamp.year
    row = conn.execute(
        "SELECT count(*) AS n FROM case_list WHERE case_no LIKE %s", (f"YJ{year}-%",)
    ).fetchone()
    number = f"YJ{year}-{(row['n'] if row else 0) + 1:04d}"
    conn.execute(
        "INSERT INTO case_list (id, case_no, title, state, opened_at, opened_by, assignees, "
        "version) VALUES (%s, %s, %s, 'open', %s, %s, %s, %s)",
        (e.originator_id, number, e.title, e.timestamp, actor(e), e.assignees, 1),
    )


def _set(conn: Conn, e: Any, sql: str, *params: Any) -> None:
    conn.execute(
        f"UPDATE case_list SET {sql}, version = %s WHERE id = %s",
        (*params, e.originator_version, e.originator_id),
    )


@casework.on(Case.SignalAdded)
def on_signal_added(conn: Conn, e: Case.SignalAdded, _: int) -> None:
    _set(conn, e, "state = state")


@casework.on(Case.MergedInto)
def on_merged(conn: Conn, e: Case.MergedInto, _: int) -> None:
    _set(conn, e, "state = 'merged', merged_into = %s, closed_at = %s", e.case_id, e.timestamp)


@casework.on(Case.Assigned)
def on_assigned(conn: Conn, e: Case.Assigned, _: int) -> None:
    _set(conn, e, "assignees = %s", e.assignees)


_AFTER = {"no_action": "closed", "watch": "watching", "warn": "to_warn"}


@casework.on(Case.Assessed)
def on_assessed(conn: Conn, e: Case.Assessed, _: int) -> None:
    decision = str(e.decision)
    _set(
        conn,
        e,
        "state = %s, severity = %s, decision = %s, suggested_severity = %s, reasoning = %s, "
        "risk_point_ids = %s, assessed_at = %s, assessed_by = %s, outcome = %s, closed_at = %s",
        _AFTER[decision],
        str(e.severity),
        decision,
        str(e.suggested_severity) if e.suggested_severity else None,
        e.reasoning,
        e.risk_point_ids,
        e.timestamp,
        actor(e),
        "no_action" if decision == "no_action" else "",
        e.timestamp if decision == "no_action" else None,
    )


@casework.on(Case.WarningIssued)
def on_warning_issued(conn: Conn, e: Case.WarningIssued, _: int) -> None:
    _set(conn, e, "state = 'warned'")


@casework.on(Case.Closed)
def on_closed(conn: Conn, e: Case.Closed, _: int) -> None:
    _set(
        conn,
        e,
        "state = 'closed', outcome = 'done', closed_at = %s, closing_summary = %s",
        e.timestamp,
        e.summary,
    )
