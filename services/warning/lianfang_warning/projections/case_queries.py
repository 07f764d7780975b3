"""Queries on cases and signals: lists, one case, similar cases, statistics by channel."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from lianfang_shared.persistence import Database

_CASE = """
SELECT c.*,
  coalesce((SELECT array_agg(DISTINCT s.channel) FROM signal_list s WHERE s.case_id = c.id),
           '{}') AS channels,
  coalesce((SELECT array_agg(DISTINCT d) FROM signal_list s, unnest(s.department_ids) d
            WHERE s.case_id = c.id), '{}') AS department_ids,
  (SELECT count(*) FROM signal_list s WHERE s.case_id = c.id) AS signal_count,
  (SELECT min(s.received_on) FROM signal_list s WHERE s.case_id = c.id) AS first_received_on,
  (SELECT count(*) FROM warning_list w WHERE w.case_id = c.id) AS warning_count
FROM case_list c
"""


def list_cases(
    db: Database, filters: dict[str, Any], limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of cases (newest first) matching ``filters``, and the total."""
    where, params = ["true"], []
    for key in ("state", "severity", "decision"):
        if filters.get(key):
            where.append(f"q.{key} = %s")
            params.append(str(filters[key]))
    if filters.get("channel"):
        where.append("%s = ANY(q.channels)")
        params.append(str(filters["channel"]))
    if filters.get("department_id"):
        where.append("%s = ANY(q.department_ids)")
        params.append(filters["department_id"])
    if filters.get("assignee"):
        where.append("%s = ANY(q.assignees)")
        params.append(filters["assignee"])
    if filters.get("q"):
        where.append("q.title ILIKE %s")
        params.append(f"%{filters['q']}%")
    sql = f"SELECT * FROM ({_CASE}) q WHERE {' AND '.join(where)}"
    with db.transaction() as conn:
        rows = conn.execute(
            f"{sql} ORDER BY q.opened_at DESC LIMIT %s OFFSET %s", (*params, limit, offset)
        ).fetchall()
        total = conn.execute(f"SELECT count(*) AS n FROM ({sql}) t", params).fetchone()
    return rows, int(total["n"]) if total else 0


def case_row(db: Database, case_id: UUID) -> dict[str, Any] | None:
    """One case as the read model holds it."""
    with db.transaction() as conn:
        row = conn.execute(f"SELECT * FROM ({_CASE}) q WHERE q.id = %s", (case_id,)).fetchone()
    return row


_SIGNAL = (
    "SELECT id, case_id, channel, received_on, summary, content, source_ref, department_ids, "
    "person_ids, risk_point_ids, attachments, has_identity, identity_reads, recorded_at, "
    "recorded_by FROM signal_list"
)


def signals_of(db: Database, case_id: UUID) -> list[dict[str, Any]]:
    """The signals of a case, oldest first (never the reporter's identity)."""
    with db.transaction() as conn:
        return conn.execute(
            f"{_SIGNAL} WHERE case_id = %s ORDER BY received_on, recorded_at", (case_id,)
        ).fetchall()


def signal_row(db: Database, signal_id: UUID) -> dict[str, Any] | None:
    """One signal (never the reporter's identity)."""
    with db.transaction() as conn:
        return conn.execute(f"{_SIGNAL} WHERE id = %s", (signal_id,)).fetchone()


def similar(db: Database, case_id: UUID) -> list[dict[str, Any]]:
    """Live cases whose signals share a department, person or risk point with this one's."""
    with db.transaction() as conn:
        ids = conn.execute(
            "SELECT DISTINCT o.case_id FROM signal_list s JOIN signal_list o "
            "ON o.case_id <> s.case_id AND (o.department_ids && s.department_ids "
            "OR o.person_ids && s.person_ids OR o.risk_point_ids && s.risk_point_ids) "
            "JOIN case_list c ON c.id = o.case_id AND c.state IN ('open', 'watching', 'to_warn', "
            "'warned') WHERE s.case_id = %s",
            (case_id,),
        ).fetchall()
        rows = conn.execute(
            f"SELECT * FROM ({_CASE}) q WHERE q.id = ANY(%s) ORDER BY q.opened_at",
            ([r["case_id"] for r in ids],),
        ).fetchall()
    return rows


def channel_counts(db: Database, start: date, end: date) -> dict[str, dict[str, int]]:
    """Per channel: signals received in [start, end], cases they are in, warnings from those."""
    with db.transaction() as conn:
        rows = conn.execute(
            "SELECT s.channel, count(*) AS signals, count(DISTINCT s.case_id) AS cases, "
            "count(DISTINCT s.case_id) FILTER (WHERE c.state IN ('warned', 'closed') "
            "AND c.decision = 'warn') AS warned, "
            "count(*) FILTER (WHERE s.has_identity) AS named_reports "
            "FROM signal_list s JOIN case_list c ON c.id = s.case_id "
            "WHERE s.received_on BETWEEN %s AND %s GROUP BY s.channel",
            (start, end),
        ).fetchall()
    return {r["channel"]: {k: int(v) for k, v in r.items() if k != "channel"} for r in rows}


def merged_into(db: Database, case_id: UUID) -> list[UUID]:
    """The cases that were linked into this one."""
    with db.transaction() as conn:
        rows = conn.execute("SELECT id FROM case_list WHERE merged_into = %s", (case_id,))
        return [r["id"] for r in rows.fetchall()]


def channels_by_case(db: Database, case_ids: list[UUID]) -> dict[UUID, list[str]]:
    """The channels each case's signals came from."""
    with db.transaction() as conn:
        rows = conn.execute(
            "SELECT case_id, array_agg(DISTINCT channel) AS channels FROM signal_list "
            "WHERE case_id = ANY(%s) GROUP BY case_id",
            (case_ids,),
        ).fetchall()
    return {r["case_id"]: sorted(r["channels"]) for r in rows}
