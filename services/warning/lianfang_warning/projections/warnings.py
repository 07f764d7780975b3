"""Warnings → warning_list, warning_actions and warning_measures."""

from __future__ import annotations

from typing import Any

from psycopg.types.json import Jsonb

from lianfang_warning.domain.warning import RiskWarning
from lianfang_warning.projections.cases import Conn, actor, plain
from lianfang_warning.projections.tables import casework


@casework.on(RiskWarning.Issued)
def on_issued(conn: Conn, e: RiskWarning.Issued, _: int) -> None:
    row = conn.execute(
        "SELECT c.case_no, (SELECT count(*) FROM warning_list w WHERE w.case_id = c.id) AS n "
        "FROM case_list c WHERE c.id = %s",
        (e.case_id,),
    ).fetchone()
    number = f"{row['case_no']}-{row['n'] + 1}" if row else str(e.originator_id)[:8]
    conn.execute(
        "INSERT INTO warning_list (id, warning_no, case_id, department_id, person_ids, severity, "
        "summary, content, requirements, risk_point_ids, authority, state, issued_at, issued_by, "
        "respond_by, rectify_by, version) VALUES "
        "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 'issued', %s, %s, %s, %s, 1)",
        (
            e.originator_id,
            number,
            e.case_id,
            e.department_id,
            e.person_ids,
            str(e.severity),
            e.summary,
            e.content,
            e.requirements,
            e.risk_point_ids,
            str(e.authority),
            e.timestamp,
            actor(e),
            e.respond_by,
            e.rectify_by,
        ),
    )


def _set(conn: Conn, e: Any, sql: str, *params: Any) -> None:
    conn.execute(
        f"UPDATE warning_list SET {sql}, version = %s WHERE id = %s",
        (*params, e.originator_version, e.originator_id),
    )


def _evaluation(e: Any, kind: str, text: str) -> Jsonb:
    entry = {"kind": kind, "text": text, "at": e.timestamp.isoformat(), "by": actor(e)}
    return Jsonb([{**entry, "round": e.ref["round"]}])


@casework.on(RiskWarning.Acknowledged)
def on_acknowledged(conn: Conn, e: Any, _: int) -> None:
    _set(
        conn,
        e,
        "state = 'acknowledged', acknowledged_at = %s, responsible_person_id = %s, "
        "acknowledgement_note = %s",
        e.timestamp,
        e.responsible_person_id,
        e.note,
    )


@casework.on(RiskWarning.ActionRecorded)
def on_action(conn: Conn, e: Any, _: int) -> None:
    conn.execute(
        "INSERT INTO warning_actions (id, warning_id, description, done_on, evidence, "
        "recorded_at, recorded_by) VALUES (%s, %s, %s, %s, %s, %s, %s)",
        (
            e.action_id,
            e.originator_id,
            e.description,
            e.done_on,
            Jsonb(plain(e.evidence)),
            e.timestamp,
            actor(e),
        ),
    )
    _set(conn, e, "state = state")


@casework.on(RiskWarning.RecordSubmitted)
def on_submitted(conn: Conn, e: Any, _: int) -> None:
    _set(
        conn,
        e,
        "state = 'submitted', record = %s, submitted_at = %s, rounds = rounds + 1",
        Jsonb(plain(e.record)),
        e.timestamp,
    )


@casework.on(RiskWarning.Returned)
def on_returned(conn: Conn, e: Any, _: int) -> None:
    _set(
        conn,
        e,
        "state = 'returned', rectify_by = %s, evaluations = evaluations || %s",
        e.rectify_by,
        _evaluation(e, "returned", e.reason),
    )


@casework.on(RiskWarning.Accepted)
def on_accepted(conn: Conn, e: Any, _: int) -> None:
    _set(
        conn,
        e,
        "state = 'accepted', accepted_at = %s, evaluations = evaluations || %s",
        e.timestamp,
        _evaluation(e, "accepted", e.evaluation),
    )


@casework.on(RiskWarning.MeasureApplied)
def on_measure(conn: Conn, e: Any, _: int) -> None:
    conn.execute(
        "INSERT INTO warning_measures (id, warning_id, department_id, measure, person_id, "
        "reason, applied_on, conducted_by, recorded_at, recorded_by) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (
            e.measure_id,
            e.originator_id,
            e.ref["department_id"],
            str(e.measure),
            e.person_id,
            e.reason,
            e.applied_on,
            e.conducted_by,
            e.timestamp,
            actor(e),
        ),
    )
    _set(conn, e, "state = state")


@casework.on(RiskWarning.DeadlineExtended)
def on_extended(conn: Conn, e: Any, _: int) -> None:
    column = "respond_by" if str(e.deadline) == "respond" else "rectify_by"
    entry = {
        "deadline": str(e.deadline),
        "due": e.due.isoformat(),
        "reason": e.reason,
        "at": e.timestamp.isoformat(),
        "by": actor(e),
    }
    _set(conn, e, f"{column} = %s, extensions = extensions || %s", e.due, Jsonb([entry]))


@casework.on(RiskWarning.Overdue)
def on_overdue(conn: Conn, e: Any, _: int) -> None:
    entry = {
        "deadline": str(e.deadline),
        "due": e.due.isoformat(),
        "detected_on": e.detected_on.isoformat(),
    }
    _set(conn, e, "overdue = overdue || %s", Jsonb([entry]))


@casework.on(RiskWarning.Withdrawn)
def on_withdrawn(conn: Conn, e: Any, _: int) -> None:
    _set(
        conn, e, "state = 'withdrawn', withdrawn_reason = %s, closed_at = %s", e.reason, e.timestamp
    )


@casework.on(RiskWarning.Closed)
def on_closed(conn: Conn, e: Any, _: int) -> None:
    _set(conn, e, "state = 'closed', closed_at = %s", e.timestamp)
