"""Queries of briefings owed (the duties read model)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from lianfang_shared.persistence import Database

Rows = list[dict[str, Any]]
OPEN = "d.status IN ('owed', 'overdue')"


def open_dues(db: Database, person_id: UUID, post_ids: list[UUID] | None = None) -> list[UUID]:
    """The person's open briefings owed (for some posts, if given)."""
    with db.transaction() as conn:
        rows = conn.execute(
            f"SELECT d.id FROM briefing_due_list d WHERE {OPEN} AND d.person_id = %(p)s "
            "AND (%(posts)s::uuid[] IS NULL OR d.post_id = ANY(%(posts)s)) ORDER BY d.due_on",
            {"p": person_id, "posts": post_ids},
        ).fetchall()
    return [r["id"] for r in rows]


def overdue_to_report(db: Database, today: date) -> list[UUID]:
    """Briefings owed whose due date has passed and that are not reported overdue yet."""
    with db.transaction() as conn:
        rows = conn.execute(
            "SELECT id FROM briefing_due_list WHERE status = 'owed' AND due_on < %s "
            "ORDER BY due_on, id",
            (today,),
        ).fetchall()
    return [r["id"] for r in rows]


def list_dues(
    db: Database, filters: dict[str, Any], today: date, limit: int, offset: int
) -> tuple[Rows, int]:
    """Briefings owed (default: the open ones), with names, most urgent first."""
    sql = (
        "SELECT d.*, p.name AS person_name, po.name AS post_name, dp.name AS department_name, "
        "(d.status IN ('owed', 'overdue') AND d.due_on < %(today)s) AS late "
        "FROM briefing_due_list d LEFT JOIN org_persons p ON p.id = d.person_id "
        "LEFT JOIN org_posts po ON po.id = d.post_id "
        "LEFT JOIN departments dp ON dp.id = d.department_id WHERE "
        "(%(status)s::text IS NULL AND d.status IN ('owed', 'overdue') OR d.status = %(status)s) "
        "AND (%(dept)s::uuid IS NULL OR d.department_id = %(dept)s) "
        "AND (%(person)s::uuid IS NULL OR d.person_id = %(person)s) "
        "AND (NOT %(late_only)s OR (d.status IN ('owed', 'overdue') AND d.due_on < %(today)s))"
    )
    params = {"today": today, **filters}
    with db.transaction() as conn:
        total = conn.execute(f"SELECT count(*) AS n FROM ({sql}) t", params).fetchone()
        rows = conn.execute(
            f"{sql} ORDER BY d.due_on, d.id LIMIT %(limit)s OFFSET %(offset)s",
            {**params, "limit": limit, "offset": offset},
        ).fetchall()
    return rows, int(total["n"]) if total else 0


def list_briefings(db: Database, filters: dict[str, Any], limit: int, offset: int) -> Any:
    """Briefings, latest first, with how many of the audience acknowledged in full."""
    from lianfang_review.projections.queries import page

    sql = (
        "SELECT b.*, d.name AS department_name, (SELECT count(*) FROM briefing_audience a "
        "WHERE a.briefing_id = b.id) AS audience_count, (SELECT count(*) FROM briefing_audience "
        "a WHERE a.briefing_id = b.id AND a.complete) AS acknowledged_count FROM briefing_list b "
        "LEFT JOIN departments d ON d.id = b.department_id WHERE "
        "(%(department_id)s::uuid IS NULL OR b.department_id = %(department_id)s) AND "
        "(%(level)s::text IS NULL OR b.level = %(level)s) AND (%(person_id)s::uuid IS NULL OR "
        "EXISTS (SELECT 1 FROM briefing_audience a WHERE a.briefing_id = b.id "
        "AND a.person_id = %(person_id)s))"
    )
    return page(db, sql, filters, "b.held_on DESC, b.recorded_at DESC", limit, offset)
