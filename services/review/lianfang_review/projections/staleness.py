"""Which commitments a change of risk points concerns (from the duties read model)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from lianfang_shared.persistence import Database

LIVE = "c.status IN ('awaiting_signature', 'signed')"


def listing(db: Database, point_ids: list[UUID]) -> dict[UUID, list[UUID]]:
    """Persons whose live commitment lists each point."""
    with db.transaction() as conn:
        rows = conn.execute(
            "SELECT i.risk_point_id, i.person_id FROM commitment_items i JOIN commitment_list c "
            f"ON c.person_id = i.person_id WHERE {LIVE} AND i.risk_point_id = ANY(%s)",
            (point_ids,),
        ).fetchall()
    out: dict[UUID, list[UUID]] = {}
    for r in rows:
        out.setdefault(r["risk_point_id"], []).append(r["person_id"])
    return out


def concerned(db: Database, point: dict[str, Any], version: int, on: date) -> list[UUID]:
    """Persons with a live commitment that the newly approved ``point`` (scope, person, post)
    applies to and that does not list this version of it."""
    sql = (
        f"SELECT c.person_id FROM commitment_list c WHERE {LIVE} AND NOT EXISTS (SELECT 1 FROM "
        "commitment_items i WHERE i.person_id = c.person_id AND i.risk_point_id = %(point)s "
        "AND i.point_version = %(version)s) AND ("
        "%(scope)s = 'common_factory' OR (%(scope)s = 'common_middle' AND c.rank = "
        "'middle_cadre') OR c.person_id = %(person)s OR (%(person)s::uuid IS NULL AND EXISTS ("
        "SELECT 1 FROM org_appointments a WHERE a.person_id = c.person_id AND a.post_id = "
        "%(post)s AND a.start_on <= %(on)s AND (a.end_on IS NULL OR a.end_on > %(on)s))))"
    )
    params = {**point, "version": version, "on": on}
    with db.transaction() as conn:
        return [r["person_id"] for r in conn.execute(sql, params).fetchall()]
