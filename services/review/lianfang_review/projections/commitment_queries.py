"""Queries of commitments (the duties read model)."""

from __future__ import annotations

from datetime import date
from typing import Any

from lianfang_review.projections.queries import page
from lianfang_shared.persistence import Database

Rows = list[dict[str, Any]]

COMMITMENT = (
    "SELECT c.*, p.name AS person_name, p.staff_no, p.rank AS person_rank, "
    "d.name AS department_name, (c.publicity_start <= %(today)s AND c.publicity_end >= "
    "%(today)s) IS TRUE AS publicised_now FROM commitment_list c "
    "JOIN org_persons p ON p.id = c.person_id LEFT JOIN departments d ON d.id = c.department_id"
)
FILTERS = {
    "department_id": "c.department_id = %(department_id)s",
    "status": "c.status = %(status)s",
    "person_id": "c.person_id = %(person_id)s",
    "visible_to": "c.department_id = %(visible_to)s",
    "publicised_on": "c.publicity_start <= %(publicised_on)s "
    "AND c.publicity_end >= %(publicised_on)s",
    "owed": "c.status IN ('required', 'stale', 'awaiting_signature')",
}


def list_commitments(
    db: Database, filters: dict[str, Any], today: date, limit: int, offset: int
) -> tuple[Rows, int]:
    """Commitments matching the filters, by department and staff number."""
    given = {k: v for k, v in filters.items() if v is not None and v is not False}
    where = " AND ".join(FILTERS[k] for k in given if k in FILTERS)
    sql = COMMITMENT + (f" WHERE {where}" if where else "")
    return page(db, sql, {**given, "today": today}, "d.code NULLS FIRST, p.staff_no", limit, offset)


def get_commitment(db: Database, person_id: Any, today: date) -> dict[str, Any] | None:
    """One person's commitment row."""
    with db.transaction() as conn:
        return conn.execute(
            f"{COMMITMENT} WHERE c.person_id = %(p)s", {"p": person_id, "today": today}
        ).fetchone()
