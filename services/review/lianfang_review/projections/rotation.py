"""Rotation watch (轮岗): people in key posts longer than the configured tenure.

Tenure in a post runs from the start of the unbroken stretch of appointments to it (an
appointment ending the day the next one to the same post starts continues the stretch); a
transfer ends it, so a transferred person's tenure restarts in the new post.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from lianfang_shared.persistence import Database

Rows = list[dict[str, Any]]


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _since(history: Rows, start: date) -> date:
    """The start of the unbroken stretch that ends with the appointment starting ``start``."""
    since = start
    for row in sorted(history, key=lambda r: r["start_on"], reverse=True):
        if row["end_on"] is not None and row["end_on"] == since:
            since = row["start_on"]
    return since


def watch(db: Database, on: date, years: int, within_days: int, department_id: UUID | None) -> Rows:
    """Holders of key posts whose tenure reaches ``years`` by ``on`` + ``within_days``, longest
    first."""
    with db.transaction() as conn:
        rows = conn.execute(
            "SELECT a.person_id, pe.name AS person_name, pe.staff_no, pe.rank, a.post_id, "
            "po.name AS post_name, po.code AS post_code, a.department_id, d.name AS "
            "department_name, a.start_on FROM org_appointments a JOIN org_posts po ON po.id = "
            "a.post_id AND po.key_post JOIN org_persons pe ON pe.id = a.person_id AND pe.left_on "
            "IS NULL LEFT JOIN departments d ON d.id = a.department_id WHERE a.start_on <= %(on)s "
            "AND (a.end_on IS NULL OR a.end_on > %(on)s) AND (%(dept)s::uuid IS NULL OR "
            "a.department_id = %(dept)s)",
            {"on": on, "dept": department_id},
        ).fetchall()
        history = conn.execute(
            "SELECT person_id, post_id, start_on, end_on FROM org_appointments "
            "WHERE person_id = ANY(%s)",
            ([r["person_id"] for r in rows],),
        ).fetchall()
    horizon = on + timedelta(days=within_days)
    out = []
    for r in rows:
        mine = [
            h for h in history if (h["person_id"], h["post_id"]) == (r["person_id"], r["post_id"])
        ]
        since = _since(mine, r["start_on"])
        due = add_years(since, years)
        if due <= horizon:
            out.append({**r, "since": since, "rotation_due_on": due,
                        "tenure_days": (on - since).days, "overdue": due <= on})  # fmt: skip
    return sorted(out, key=lambda r: (r["since"], r["staff_no"]))
