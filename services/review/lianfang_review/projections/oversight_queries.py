"""Queries of the oversight read model: published lists, inspections, findings, assessments."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from lianfang_shared.persistence import Database

Rows = list[dict[str, Any]]


def _all(db: Database, sql: str, params: Any) -> Rows:
    with db.transaction() as conn:
        return conn.execute(sql, params).fetchall()


def latest_publication(db: Database, kind: str, department_id: UUID | None) -> dict[str, Any]:
    """The newest published version of a list for a scope (None as factory), if any."""
    rows = _all(
        db,
        "SELECT * FROM publication_list WHERE kind = %(kind)s AND department_id IS NOT DISTINCT "
        "FROM %(dept)s ORDER BY version DESC LIMIT 1",
        {"kind": kind, "dept": department_id},
    )
    return rows[0] if rows else {}


def publications(db: Database, kind: str | None, department_id: UUID | None) -> Rows:
    """Published versions, newest first (a department's, if given)."""
    return _all(
        db,
        "SELECT p.*, d.name AS department_name FROM publication_list p LEFT JOIN departments d "
        "ON d.id = p.department_id WHERE (%(kind)s::text IS NULL OR p.kind = %(kind)s) AND "
        "(%(dept)s::uuid IS NULL OR p.department_id = %(dept)s) "
        "ORDER BY p.published_on DESC, p.kind, p.version DESC",
        {"kind": kind, "dept": department_id},
    )


INSPECTION = (
    "SELECT i.*, d.name AS department_name, (SELECT count(*) FROM finding_list f WHERE "
    "f.inspection_id = i.id) AS finding_count FROM inspection_list i "
    "LEFT JOIN departments d ON d.id = i.department_id"
)


def inspections(db: Database, filters: dict[str, Any]) -> Rows:
    """Inspections by year, quarter and department."""
    return _all(
        db,
        f"{INSPECTION} WHERE (%(year)s::int IS NULL OR i.year = %(year)s) AND "
        "(%(quarter)s::int IS NULL OR i.quarter = %(quarter)s) AND "
        "(%(department_id)s::uuid IS NULL OR i.department_id = %(department_id)s) AND "
        "(%(status)s::text IS NULL OR i.status = %(status)s) "
        "ORDER BY i.year, i.quarter, d.code",
        filters,
    )


def completed_in(db: Database, department_id: UUID, year: int) -> list[UUID]:
    """The department's completed inspections of a year, by quarter."""
    rows = _all(
        db,
        "SELECT id FROM inspection_list WHERE department_id = %s AND year = %s "
        "AND status = 'completed' ORDER BY quarter",
        (department_id, year),
    )
    return [r["id"] for r in rows]


def departments_inspected(db: Database, year: int) -> list[UUID]:
    """Departments with a completed inspection in the year."""
    rows = _all(
        db,
        "SELECT DISTINCT department_id FROM inspection_list WHERE year = %s "
        "AND status = 'completed'",
        (year,),
    )
    return [r["department_id"] for r in rows]


def findings(db: Database, filters: dict[str, Any]) -> Rows:
    """Findings (open ones, or all), by due date, with the owner's name."""
    return _all(
        db,
        "SELECT f.*, p.name AS owner_name, d.name AS department_name, i.year, i.quarter "
        "FROM finding_list f JOIN inspection_list i ON i.id = f.inspection_id "
        "LEFT JOIN org_persons p ON p.id = f.owner_person_id "
        "LEFT JOIN departments d ON d.id = f.department_id WHERE "
        "(%(department_id)s::uuid IS NULL OR f.department_id = %(department_id)s) AND "
        "(NOT %(open)s OR f.closed_on IS NULL) ORDER BY f.due_on, f.seq",
        filters,
    )


def assessments(db: Database, year: int) -> Rows:
    """The assessments of a year, by department code."""
    return _all(
        db,
        "SELECT a.*, d.code AS department_code, d.name AS department_name FROM assessment_list "
        "a LEFT JOIN departments d ON d.id = a.department_id WHERE a.year = %s "
        "AND a.score IS NOT NULL ORDER BY d.code",
        (year,),
    )
