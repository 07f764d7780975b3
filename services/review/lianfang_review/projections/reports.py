"""Reports of the risk-point read model: the heat map and the rows of the annexes."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from lianfang_review.projections.queries import ORDER, POINT, Rows, measures_of, where
from lianfang_shared.persistence import Database

GRADES = ("high", "medium", "low", "ungraded")


def heatmap(db: Database, filters: dict[str, Any]) -> dict[str, Any]:
    """Counts of points by department × grade and by category × grade (ungraded: no final
    grade yet), with totals."""
    clause, params = where(filters)
    sql = (
        "SELECT r.department_id, d.code AS department_code, d.name AS department_name, "
        "r.category, COALESCE(r.grade, 'ungraded') AS grade, count(*) AS n "
        "FROM risk_point_list r LEFT JOIN departments d ON d.id = r.department_id"
        f"{clause} GROUP BY 1, 2, 3, 4, 5"
    )
    with db.transaction() as conn:
        cells = conn.execute(sql, params).fetchall()
    by_department: dict[Any, dict[str, Any]] = {}
    by_category: dict[str, dict[str, Any]] = {}
    totals = dict.fromkeys(GRADES, 0)
    for c in cells:
        dept = by_department.setdefault(
            c["department_id"],
            {
                "department_id": c["department_id"],
                "department_code": c["department_code"],
                "department_name": c["department_name"],
                **dict.fromkeys(GRADES, 0),
            },
        )
        cat = by_category.setdefault(
            c["category"], {"category": c["category"], **dict.fromkeys(GRADES, 0)}
        )
        for row in (dept, cat, totals):
            row[c["grade"]] += c["n"]
    for row in (*by_department.values(), *by_category.values(), totals):
        row["total"] = sum(row[g] for g in GRADES)
    return {
        "by_department": sorted(by_department.values(), key=lambda r: r["department_code"] or ""),
        "by_category": sorted(by_category.values(), key=lambda r: r["category"]),
        "totals": totals,
    }


def annex3(db: Database, filters: dict[str, Any]) -> list[dict[str, Any]]:
    """风险与措施清单 (annex 3): every point (not merged) with its measures."""
    clause, params = where(filters)
    with db.transaction() as conn:
        points = conn.execute(f"{POINT}{clause} ORDER BY {ORDER}", params).fetchall()
    measures = measures_of(db, [p["id"] for p in points])
    return [{**p, "measures": measures[p["id"]]} for p in points]


def form_owner(db: Database, person_id: UUID, on: date) -> dict[str, Any] | None:
    """A person with their current posts and departments, for a registration form."""
    with db.transaction() as conn:
        person = conn.execute(
            "SELECT id, staff_no, name, rank FROM org_persons WHERE id = %s AND rank IS NOT NULL",
            (person_id,),
        ).fetchone()
        if person is None:
            return None
        posts = conn.execute(
            "SELECT a.post_id, po.name AS post_name, a.department_id, d.name AS department_name "
            "FROM org_appointments a LEFT JOIN org_posts po ON po.id = a.post_id "
            "LEFT JOIN departments d ON d.id = a.department_id WHERE a.person_id = %(p)s "
            "AND a.start_on <= %(on)s AND (a.end_on IS NULL OR a.end_on > %(on)s) "
            "ORDER BY a.start_on",
            {"p": person_id, "on": on},
        ).fetchall()
    return {**person, "posts": posts}


def form_points(db: Database, person_id: UUID, post_ids: list[UUID]) -> Rows:
    """The person's own points and those of the posts they hold, with measures and meeting."""
    sql = (
        f"{POINT} WHERE r.status <> 'merged' AND (r.person_id = %(person)s "
        "OR (r.person_id IS NULL AND r.post_id = ANY(%(posts)s)))"
    )
    with db.transaction() as conn:
        points = conn.execute(
            f"{sql} ORDER BY {ORDER}", {"person": person_id, "posts": post_ids}
        ).fetchall()
        meeting_ids = [p["meeting_id"] for p in points if p["meeting_id"]]
        meetings = {
            m["id"]: m
            for m in conn.execute(
                "SELECT m.id, m.held_on, array(SELECT p.name FROM org_persons p "
                "WHERE p.id = ANY(m.attendee_ids) ORDER BY p.staff_no) AS attendees "
                "FROM meeting_list m WHERE m.id = ANY(%s)",
                (meeting_ids,),
            ).fetchall()
        }
    measures = measures_of(db, [p["id"] for p in points])
    return [
        {**p, "measures": measures[p["id"]], "meeting": meetings.get(p["meeting_id"])}
        for p in points
    ]


def persons_of_ranks(
    db: Database, ranks: tuple[str, ...], department_id: UUID | None, on: date
) -> list[UUID]:
    """Persons (not left) of some ranks, in a department if given, by staff number."""
    with db.transaction() as conn:
        rows = conn.execute(
            "SELECT p.id FROM org_persons p WHERE p.rank = ANY(%(ranks)s) AND p.left_on IS NULL "
            "AND (%(dept)s::uuid IS NULL OR EXISTS (SELECT 1 FROM org_appointments a "
            "WHERE a.person_id = p.id AND a.department_id = %(dept)s AND a.start_on <= %(on)s "
            "AND (a.end_on IS NULL OR a.end_on > %(on)s))) ORDER BY p.staff_no",
            {"ranks": list(ranks), "dept": department_id, "on": on},
        ).fetchall()
    return [r["id"] for r in rows]
