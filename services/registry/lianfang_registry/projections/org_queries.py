"""Queries of the organisation read model: posts, persons, current posts and tenure, rotation."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from lianfang_shared.persistence import Database

Rows = list[dict[str, Any]]

_POST = (
    "SELECT p.id, p.department_id, d.name AS department_name, p.code, p.name, p.key_post, "
    "p.version FROM post_list p LEFT JOIN department_list d ON d.id = p.department_id"
)
# Current appointments at %(as_of)s, with the post, its department and the tenure in days.
_HOLDING = (
    "SELECT a.person_id, pe.name AS person_name, pe.staff_no, pe.rank, a.post_id, "
    "po.name AS post_name, po.key_post, a.department_id, d.name AS department_name, "
    "a.start_on, (%(as_of)s::date - a.start_on) AS tenure_days "
    "FROM appointments a JOIN person_list pe ON pe.id = a.person_id "
    "JOIN post_list po ON po.id = a.post_id LEFT JOIN department_list d ON d.id = a.department_id "
    "WHERE a.start_on <= %(as_of)s AND (a.end_on IS NULL OR a.end_on > %(as_of)s)"
)


def _page(db: Database, sql: str, params: dict[str, Any], order: str) -> tuple[Rows, int]:
    with db.transaction() as conn:
        total = conn.execute(f"SELECT count(*) AS n FROM ({sql}) t", params).fetchone()
        rows = conn.execute(
            f"{sql} ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s", params
        ).fetchall()
    return rows, int(total["n"]) if total else 0


def list_posts(
    db: Database, department_id: UUID | None, key_post: bool | None, limit: int, offset: int
) -> tuple[Rows, int]:
    """Posts, by department and code."""
    sql = (
        f"{_POST} WHERE (%(dept)s::uuid IS NULL OR p.department_id = %(dept)s) "
        "AND (%(key)s::boolean IS NULL OR p.key_post = %(key)s)"
    )
    params = {"dept": department_id, "key": key_post, "limit": limit, "offset": offset}
    return _page(db, sql, params, "d.name, p.code")


def get_post(db: Database, post_id: UUID) -> dict[str, Any] | None:
    """One post with its department's name."""
    with db.transaction() as conn:
        return conn.execute(f"{_POST} WHERE p.id = %s", (post_id,)).fetchone()


def holders(db: Database, post_id: UUID, as_of: date) -> Rows:
    """Who holds a post on a date, longest-serving first."""
    with db.transaction() as conn:
        return conn.execute(
            f"{_HOLDING} AND a.post_id = %(post)s ORDER BY a.start_on",
            {"as_of": as_of, "post": post_id},
        ).fetchall()


def list_persons(
    db: Database, filters: dict[str, Any], as_of: date, limit: int, offset: int
) -> tuple[Rows, int]:
    """Persons by name; filters: department_id, rank, in_charge_of, q, include_left."""
    sql = (
        "SELECT pe.id, pe.staff_no, pe.name, pe.rank, pe.left_on, pe.version FROM person_list pe "
        "WHERE (%(rank)s::text IS NULL OR pe.rank = %(rank)s) "
        "AND (%(include_left)s OR pe.left_on IS NULL OR pe.left_on > %(as_of)s) "
        "AND (%(q)s::text IS NULL OR pe.name ILIKE %(q)s OR pe.staff_no ILIKE %(q)s) "
        "AND (%(dept)s::uuid IS NULL OR EXISTS (SELECT 1 FROM appointments a "
        "WHERE a.person_id = pe.id AND a.department_id = %(dept)s AND a.start_on <= %(as_of)s "
        "AND (a.end_on IS NULL OR a.end_on > %(as_of)s))) "
        "AND (%(charge)s::uuid IS NULL OR EXISTS (SELECT 1 FROM in_charge c "
        "WHERE c.person_id = pe.id AND c.department_id = %(charge)s))"
    )
    q = filters.get("q")
    params = {
        "rank": filters.get("rank"),
        "include_left": bool(filters.get("include_left")),
        "q": f"%{like_escape(q)}%" if q else None,
        "dept": filters.get("department_id"),
        "charge": filters.get("in_charge_of"),
        "as_of": as_of,
        "limit": limit,
        "offset": offset,
    }
    return _page(db, sql, params, "pe.name, pe.staff_no")


def current_posts(db: Database, person_id: UUID, as_of: date) -> Rows:
    """A person's posts on a date, with tenure."""
    with db.transaction() as conn:
        return conn.execute(
            f"{_HOLDING} AND a.person_id = %(person)s ORDER BY a.start_on",
            {"as_of": as_of, "person": person_id},
        ).fetchall()


def in_charge_of(db: Database, person_id: UUID) -> Rows:
    """The departments a leader is in charge of."""
    with db.transaction() as conn:
        return conn.execute(
            "SELECT d.id, d.code, d.name FROM in_charge c JOIN department_list d "
            "ON d.id = c.department_id WHERE c.person_id = %s ORDER BY d.code",
            (person_id,),
        ).fetchall()


def rotation_candidates(
    db: Database, since: date, as_of: date, filters: dict[str, Any], limit: int, offset: int
) -> tuple[Rows, int]:
    """Current appointments that started on or before ``since`` (轮岗 candidates)."""
    sql = (
        f"{_HOLDING} AND a.start_on <= %(since)s AND (%(key_only)s = false OR po.key_post) "
        "AND (%(dept)s::uuid IS NULL OR a.department_id = %(dept)s)"
    )
    params = {
        "as_of": as_of,
        "since": since,
        "key_only": bool(filters.get("key_only")),
        "dept": filters.get("department_id"),
        "limit": limit,
        "offset": offset,
    }
    return _page(db, sql, params, "start_on, person_name")


def like_escape(text: str) -> str:
    """``text`` with LIKE wildcards taken literally."""
    return text.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
