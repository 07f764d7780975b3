"""Queries on warnings: open ones by department, severity and due date; overdue; one warning."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from lianfang_shared.persistence import Database

OPEN_STATES = ("issued", "acknowledged", "submitted", "returned", "accepted")
# A deadline is overdue while its step is still to be done (as in the warning's lifecycle).
RESPOND_OVERDUE = "(w.state = 'issued' AND w.respond_by < %(today)s)"
RECTIFY_OVERDUE = "(w.state IN ('issued', 'acknowledged', 'returned') AND w.rectify_by < %(today)s)"
_WARNING = f"""
SELECT w.*, d.name AS department_name, d.code AS department_code, c.case_no,
       p.name AS responsible_person_name,
       {RESPOND_OVERDUE} AS respond_overdue, {RECTIFY_OVERDUE} AS rectify_overdue,
       (SELECT coalesce(array_agg(n.name ORDER BY n.name), '{{}}') FROM persons n
        WHERE n.id = ANY(w.person_ids)) AS person_names
FROM warning_list w
JOIN case_list c ON c.id = w.case_id
LEFT JOIN departments d ON d.id = w.department_id
LEFT JOIN persons p ON p.id = w.responsible_person_id
"""


def list_warnings(
    db: Database, filters: dict[str, Any], today: date, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of warnings by due date (rectification) matching ``filters``, and the total."""
    where, params = ["true"], {"today": today}
    for key in ("department_id", "severity", "state", "case_id"):
        if filters.get(key):
            where.append(f"q.{key} = %({key})s")
            params[key] = filters[key]
    if filters.get("open"):
        where.append("q.state = ANY(%(open_states)s)")
        params["open_states"] = list(OPEN_STATES)
    if filters.get("due_before"):
        where.append("q.rectify_by <= %(due_before)s")
        params["due_before"] = filters["due_before"]
    if filters.get("overdue"):
        where.append("(q.respond_overdue OR q.rectify_overdue)")
    sql = f"SELECT * FROM ({_WARNING}) q WHERE {' AND '.join(where)}"
    page = {**params, "limit": limit, "offset": offset}
    with db.transaction() as conn:
        rows = conn.execute(
            f"{sql} ORDER BY q.rectify_by, q.warning_no LIMIT %(limit)s OFFSET %(offset)s", page
        ).fetchall()
        total = conn.execute(f"SELECT count(*) AS n FROM ({sql}) t", params).fetchone()
    return rows, int(total["n"]) if total else 0


def warning_row(db: Database, warning_id: UUID, today: date) -> dict[str, Any] | None:
    """One warning with its department, case number and the names it needs."""
    with db.transaction() as conn:
        return conn.execute(
            f"SELECT * FROM ({_WARNING}) q WHERE q.id = %(id)s", {"id": warning_id, "today": today}
        ).fetchone()


def actions_of(db: Database, warning_ids: list[UUID]) -> list[dict[str, Any]]:
    """Rectification actions of the warnings, in the order done."""
    with db.transaction() as conn:
        return conn.execute(
            "SELECT * FROM warning_actions WHERE warning_id = ANY(%s) "
            "ORDER BY done_on, recorded_at",
            (warning_ids,),
        ).fetchall()


def measures_of(db: Database, warning_ids: list[UUID]) -> list[dict[str, Any]]:
    """Disposal measures of the warnings, with the name of whom each was applied to."""
    with db.transaction() as conn:
        return conn.execute(
            "SELECT m.*, p.name AS person_name FROM warning_measures m "
            "LEFT JOIN persons p ON p.id = m.person_id WHERE m.warning_id = ANY(%s) "
            "ORDER BY m.applied_on, m.recorded_at",
            (warning_ids,),
        ).fetchall()


def overdue_to_report(db: Database, today: date) -> list[tuple[UUID, str]]:
    """(warning, deadline) pairs overdue today and not reported yet for their due date."""
    reported = (
        "w.overdue @> jsonb_build_array(jsonb_build_object('deadline', %(kind)s::text, "
        "'due', {column}::text))"
    )
    found: list[tuple[UUID, str]] = []
    with db.transaction() as conn:
        for kind, condition, column in (
            ("respond", RESPOND_OVERDUE, "w.respond_by"),
            ("rectify", RECTIFY_OVERDUE, "w.rectify_by"),
        ):
            rows = conn.execute(
                f"SELECT w.id FROM warning_list w WHERE {condition} "
                f"AND NOT {reported.format(column=column)} ORDER BY w.id",
                {"today": today, "kind": kind},
            ).fetchall()
            found += [(r["id"], kind) for r in rows]
    return found


def register(
    db: Database, start: date, end: date, today: date, department_id: UUID | None
) -> list[dict[str, Any]]:
    """Warnings issued in [start, end] (annex 7 register), oldest first."""
    where = "q.issued_at::date BETWEEN %(start)s AND %(end)s"
    params: dict[str, Any] = {"start": start, "end": end, "today": today}
    if department_id is not None:
        where += " AND q.department_id = %(department_id)s"
        params["department_id"] = department_id
    with db.transaction() as conn:
        return conn.execute(
            f"SELECT * FROM ({_WARNING}) q WHERE {where} ORDER BY q.issued_at", params
        ).fetchall()


def risk_point_labels(db: Database, ids: list[UUID]) -> dict[UUID, tuple[str, str | None]]:
    """Description and current grade of each risk point known here."""
    with db.transaction() as conn:
        rows = conn.execute(
            "SELECT id, description, grade FROM risk_points WHERE id = ANY(%s)", (ids,)
        ).fetchall()
    return {r["id"]: (r["description"] or str(r["id"]), r["grade"]) for r in rows}
