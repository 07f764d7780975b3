"""Queries of the power catalogue: filtered pages, revisions, a post's powers, the annexes."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from lianfang_registry.domain.power import DETAILS
from lianfang_registry.projections.org_queries import like_escape
from lianfang_shared.persistence import Database

Rows = list[dict[str, Any]]

_SELECT = (
    "SELECT p.id, p.department_id, d.code AS department_code, d.name AS department_name, "
    f"p.code, {', '.join(f'p.{k}' for k in DETAILS)}, p.status, p.revision, p.retired_reason, "
    "p.registered_at, p.updated_at, p.version "
    "FROM power_list p LEFT JOIN department_list d ON d.id = p.department_id"
)
_WHERE = (
    " WHERE (%(dept)s::uuid IS NULL OR p.department_id = %(dept)s) "
    "AND (%(category)s::text IS NULL OR p.category = %(category)s) "
    "AND (%(status)s::text IS NULL OR p.status = %(status)s) "
    "AND (NOT %(in_force)s OR p.status IN ('active', 'amended')) "
    "AND (%(q)s::text IS NULL OR p.code ILIKE %(q)s OR p.name ILIKE %(q)s "
    "OR p.content ILIKE %(q)s OR p.basis ILIKE %(q)s)"
)
_ORDER = " ORDER BY d.code, p.code"


def _params(filters: dict[str, Any]) -> dict[str, Any]:
    q = filters.get("q")
    return {
        "dept": filters.get("department_id"),
        "category": filters.get("category"),
        "status": filters.get("status"),
        "in_force": bool(filters.get("in_force")),
        "q": f"%{like_escape(q)}%" if q else None,
    }


def list_powers(db: Database, filters: dict[str, Any], limit: int, offset: int) -> tuple[Rows, int]:
    """Current state of powers matching the filters (department, category, status, in_force, q)."""
    params = {**_params(filters), "limit": limit, "offset": offset}
    with db.transaction() as conn:
        total = conn.execute(f"SELECT count(*) AS n FROM power_list p{_WHERE}", params).fetchone()
        rows = conn.execute(f"{_SELECT}{_WHERE}{_ORDER} LIMIT %(limit)s OFFSET %(offset)s", params)
        return rows.fetchall(), int(total["n"]) if total else 0


def annex1(db: Database, filters: dict[str, Any]) -> Rows:
    """Every matching power, for the 职权目录 export."""
    with db.transaction() as conn:
        return conn.execute(f"{_SELECT}{_WHERE}{_ORDER}", _params(filters)).fetchall()


def annex2(db: Database, filters: dict[str, Any], as_of: date) -> Rows:
    """Every matching power with its responsibility items, posts and holders (annex 2)."""
    sql = (
        "SELECT x.*, r.description AS item, po.name AS post_name, po.key_post, "
        "(SELECT string_agg(pe.name, '、' ORDER BY a.start_on) FROM appointments a "
        "JOIN person_list pe ON pe.id = a.person_id WHERE a.post_id = r.post_id "
        "AND a.start_on <= %(as_of)s AND (a.end_on IS NULL OR a.end_on > %(as_of)s)) AS holders "
        f"FROM ({_SELECT}{_WHERE}) x "
        "LEFT JOIN responsibility_items r ON r.power_id = x.id "
        "LEFT JOIN post_list po ON po.id = r.post_id "
        "ORDER BY x.department_code, x.code, r.seq"
    )
    with db.transaction() as conn:
        return conn.execute(sql, {**_params(filters), "as_of": as_of}).fetchall()


def versions(db: Database, power_id: UUID) -> Rows:
    """Every revision of a power, oldest first."""
    with db.transaction() as conn:
        return conn.execute(
            "SELECT revision, details, changed, reason, changed_at, changed_by "
            "FROM power_versions WHERE power_id = %s ORDER BY revision",
            (power_id,),
        ).fetchall()


def post_powers(db: Database, post_id: UUID, limit: int, offset: int) -> tuple[Rows, int]:
    """Powers not retired in which a post is accountable or runs a step, with those duties."""
    duties = (
        "SELECT power_id, 'responsibility' AS kind, description AS text, seq AS ord "
        "FROM responsibility_items WHERE post_id = %(post)s UNION ALL "
        "SELECT power_id, 'step', name, position FROM flow_steps WHERE post_id = %(post)s"
    )
    where = f" WHERE p.status <> 'retired' AND p.id IN (SELECT power_id FROM ({duties}) u)"
    params = {"post": post_id, "limit": limit, "offset": offset}
    with db.transaction() as conn:
        total = conn.execute(f"SELECT count(*) AS n FROM power_list p{where}", params).fetchone()
        rows = conn.execute(
            f"{_SELECT}{where}{_ORDER} LIMIT %(limit)s OFFSET %(offset)s", params
        ).fetchall()
        mine = conn.execute(
            f"SELECT * FROM ({duties}) u WHERE power_id = ANY(%(ids)s) ORDER BY kind, ord",
            {**params, "ids": [r["id"] for r in rows]},
        ).fetchall()
    for row in rows:
        row["duties"] = [
            {"kind": d["kind"], "text": d["text"]} for d in mine if d["power_id"] == row["id"]
        ]
    return rows, int(total["n"]) if total else 0
