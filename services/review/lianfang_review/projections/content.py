"""What commitments, briefings and published lists are made of: the approved risk points that
apply to persons and posts, the posts people hold, the powers of departments."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from lianfang_shared.persistence import Database

Rows = list[dict[str, Any]]
CURRENT = "a.start_on <= %(on)s AND (a.end_on IS NULL OR a.end_on > %(on)s)"
# Approved (at some version) and not merged: what a commitment or a briefing can list.
APPROVED = "r.approved_version IS NOT NULL AND r.status <> 'merged'"


def _all(db: Database, sql: str, params: Any) -> Rows:
    with db.transaction() as conn:
        return conn.execute(sql, params).fetchall()


def posts_held(db: Database, person_ids: list[UUID], on: date) -> Rows:
    """The posts the persons hold on the date, first taken up first."""
    return _all(
        db,
        "SELECT a.person_id, a.post_id, po.name AS post_name, po.key_post, a.department_id, "
        "d.name AS department_name, a.start_on FROM org_appointments a "
        "JOIN org_posts po ON po.id = a.post_id LEFT JOIN departments d ON d.id = a.department_id "
        f"WHERE a.person_id = ANY(%(persons)s) AND {CURRENT} ORDER BY a.start_on, po.code",
        {"persons": person_ids, "on": on},
    )


def points_for(db: Database, person_ids: list[UUID], post_ids: list[UUID], ranks: set[str]) -> Rows:
    """Approved points that apply: the factory's common points; the middle-level common ones
    if a middle cadre is among the persons; the persons' own; those of the posts."""
    return _all(
        db,
        f"SELECT r.id, r.approved_version, r.scope FROM risk_point_list r WHERE {APPROVED} AND "
        "(r.scope = 'common_factory' OR (r.scope = 'common_middle' AND %(middle)s) "
        "OR r.person_id = ANY(%(persons)s) "
        "OR (r.person_id IS NULL AND r.post_id = ANY(%(posts)s))) "
        "ORDER BY r.scope, r.proposed_at, r.id",
        {"persons": person_ids, "posts": post_ids, "middle": "middle_cadre" in ranks},
    )


def points_of_department(db: Database, department_id: UUID | None) -> Rows:
    """Approved points of a department (or every approved point, for the factory)."""
    return _all(
        db,
        f"SELECT r.id, r.approved_version FROM risk_point_list r WHERE {APPROVED} "
        "AND (%(dept)s::uuid IS NULL OR r.department_id = %(dept)s) "
        "ORDER BY r.department_id NULLS FIRST, r.scope, r.proposed_at, r.id",
        {"dept": department_id},
    )


def persons_of_ranks(db: Database, ranks: tuple[str, ...]) -> Rows:
    """Persons (not left) of some ranks, by staff number."""
    return _all(
        db,
        "SELECT id, name FROM org_persons WHERE rank = ANY(%s) AND left_on IS NULL "
        "ORDER BY staff_no",
        (list(ranks),),
    )


def posts_of_department(db: Database, department_id: UUID) -> list[UUID]:
    """Every post of a department."""
    rows = _all(
        db, "SELECT id FROM org_posts WHERE department_id = %s ORDER BY code", (department_id,)
    )
    return [r["id"] for r in rows]


def powers_of(db: Database, department_ids: list[UUID]) -> Rows:
    """The powers in force of some departments (or of all, given none), by code."""
    return _all(
        db,
        "SELECT w.id, w.department_id, d.name AS department_name, w.code, w.name, w.category, "
        "w.revision FROM org_powers w LEFT JOIN departments d ON d.id = w.department_id "
        "WHERE w.status IN ('active', 'amended') AND w.department_id IS NOT NULL "
        "AND (cardinality(%(depts)s::uuid[]) = 0 OR w.department_id = ANY(%(depts)s)) "
        "ORDER BY w.code",
        {"depts": department_ids},
    )


def responsibilities_of(db: Database, power_ids: list[UUID]) -> dict[UUID, Rows]:
    """The responsibility items of some powers, with the accountable post's name."""
    rows = _all(
        db,
        "SELECT i.power_id, i.description, i.post_id, po.name AS post_name "
        "FROM org_responsibilities i LEFT JOIN org_posts po ON po.id = i.post_id "
        "WHERE i.power_id = ANY(%s) ORDER BY i.seq",
        (power_ids,),
    )
    out: dict[UUID, Rows] = {p: [] for p in power_ids}
    for r in rows:
        out[r["power_id"]].append(r)
    return out


def names(db: Database, table: str, ids: list[UUID]) -> dict[UUID, str]:
    """Names by id from ``departments``, ``org_posts`` or ``org_persons``."""
    assert table in ("departments", "org_posts", "org_persons")
    rows = _all(db, f"SELECT id, name FROM {table} WHERE id = ANY(%s)", (ids,))
    return {r["id"]: r["name"] for r in rows}


def row_of(db: Database, table: str, row_id: UUID) -> dict[str, Any]:
    """A person or post row as replicated so far (empty if not there yet: events of different
    aggregates may arrive in any order)."""
    assert table in ("org_persons", "org_posts")
    rows = _all(db, f"SELECT * FROM {table} WHERE id = %s", (row_id,))
    return rows[0] if rows else {}
