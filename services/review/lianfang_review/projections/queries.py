"""Queries of the risk-point read model: filtered pages of points, measures, meetings."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from lianfang_review.domain.vocab import COMMON
from lianfang_shared.persistence import Database

Rows = list[dict[str, Any]]

POINT = (
    "SELECT r.*, d.code AS department_code, d.name AS department_name, po.name AS post_name, "
    "pe.name AS person_name, pe.rank AS person_rank, pw.code AS power_code, "
    "pw.name AS power_name, pw.status AS power_status, st.name AS step_name, "
    "(SELECT count(*) FROM risk_point_measures m WHERE m.risk_point_id = r.id "
    "AND m.status <> 'cancelled') AS measure_count "
    "FROM risk_point_list r LEFT JOIN departments d ON d.id = r.department_id "
    "LEFT JOIN org_posts po ON po.id = r.post_id LEFT JOIN org_persons pe ON pe.id = r.person_id "
    "LEFT JOIN org_powers pw ON pw.id = r.power_id LEFT JOIN org_steps st ON st.id = r.step_id"
)
# Each filter: its SQL condition on %(name)s, applied when the value is not None.
FILTERS = {
    "department_id": "r.department_id = %(department_id)s",
    "scope": "r.scope = %(scope)s",
    "category": "r.category = %(category)s",
    "grade": "r.grade = %(grade)s",
    "status": "r.status = %(status)s",
    "power_id": "r.power_id = %(power_id)s",
    "post_id": "r.post_id = %(post_id)s",
    "person_id": "r.person_id = %(person_id)s",
    "needs_re_review": "r.needs_re_review = %(needs_re_review)s",
    "approver_role": "r.approver_role = %(approver_role)s",
    "q": "r.description ILIKE %(q)s",
    # A department's people see their department's points and the common ones.
    "visible_to": "(r.department_id = %(visible_to)s OR r.scope = ANY(%(common)s))",
}
ORDER = "d.code NULLS FIRST, r.scope, r.proposed_at, r.id"


def where(filters: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The WHERE clause and parameters of the given filters (merged points only on request)."""
    params = {k: v for k, v in filters.items() if v is not None and k in FILTERS}
    if "q" in params:
        params["q"] = f"%{like_escape(str(params['q']))}%"
    clauses = [FILTERS[k] for k in params]
    if filters.get("status") is None and not filters.get("include_merged"):
        clauses.append("r.status <> 'merged'")
    params["common"] = [c.value for c in COMMON]
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def page(
    db: Database, sql: str, params: dict[str, Any], order: str, limit: int, offset: int
) -> tuple[Rows, int]:
    """One page of ``sql`` and the total count."""
    with db.transaction() as conn:
        total = conn.execute(f"SELECT count(*) AS n FROM ({sql}) t", params).fetchone()
        rows = conn.execute(
            f"{sql} ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s",
            {**params, "limit": limit, "offset": offset},
        ).fetchall()
    return rows, int(total["n"]) if total else 0


def list_points(db: Database, filters: dict[str, Any], limit: int, offset: int) -> tuple[Rows, int]:
    """Risk points matching the filters, by department and scope."""
    clause, params = where(filters)
    return page(db, POINT + clause, params, ORDER, limit, offset)


def get_point(db: Database, point_id: UUID) -> dict[str, Any] | None:
    """One point's row with the names of what it links to."""
    with db.transaction() as conn:
        return conn.execute(f"{POINT} WHERE r.id = %(id)s", {"id": point_id}).fetchone()


def measures_of(db: Database, point_ids: list[UUID]) -> dict[UUID, Rows]:
    """The measures of some points, in the order they were added, with responsible names."""
    with db.transaction() as conn:
        rows = conn.execute(
            "SELECT m.*, p.name AS responsible_name FROM risk_point_measures m "
            "LEFT JOIN org_persons p ON p.id = m.responsible_person_id "
            "WHERE m.risk_point_id = ANY(%s) ORDER BY m.seq",
            (point_ids,),
        ).fetchall()
    out: dict[UUID, Rows] = {i: [] for i in point_ids}
    for row in rows:
        out[row["risk_point_id"]].append(row)
    return out


def awaiting(
    db: Database, role: str, key: UUID | None, limit: int, offset: int
) -> tuple[Rows, int]:
    """Submitted points routed to an approver: a department's meeting, a leader, the committee."""
    sql = f"{POINT} WHERE r.status = 'submitted' AND r.approver_role = %(role)s"
    if role == "department_meeting":
        sql += " AND r.route->>'department_id' = %(key)s"
    elif role == "leader_in_charge":
        sql += " AND r.route->'person_ids' ? %(key)s"
    params = {"role": role, "key": None if key is None else str(key)}
    return page(db, sql, params, ORDER, limit, offset)


def list_meetings(
    db: Database, department_id: UUID | None, limit: int, offset: int
) -> tuple[Rows, int]:
    """Department meetings, latest first."""
    sql = (
        "SELECT m.*, d.name AS department_name FROM meeting_list m "
        "LEFT JOIN departments d ON d.id = m.department_id "
        "WHERE (%(dept)s::uuid IS NULL OR m.department_id = %(dept)s)"
    )
    return page(
        db, sql, {"dept": department_id}, "m.held_on DESC, m.recorded_at DESC", limit, offset
    )


def get_meeting(db: Database, meeting_id: UUID) -> dict[str, Any] | None:
    """One meeting."""
    with db.transaction() as conn:
        return conn.execute(
            "SELECT m.*, d.name AS department_name FROM meeting_list m "
            "LEFT JOIN departments d ON d.id = m.department_id WHERE m.id = %s",
            (meeting_id,),
        ).fetchone()


def person_names(db: Database, ids: list[UUID]) -> dict[UUID, str]:
    """Names of persons by id."""
    with db.transaction() as conn:
        rows = conn.execute("SELECT id, name FROM org_persons WHERE id = ANY(%s)", (ids,))
        return {r["id"]: r["name"] for r in rows.fetchall()}


def like_escape(text: str) -> str:
    """``text`` with LIKE wildcards taken literally."""
    return text.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
