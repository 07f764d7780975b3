"""Questions review asks of its copy of the organisation (who holds what, who is in charge)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from lianfang_review.domain.errors import UnknownReference
from lianfang_review.domain.ladder import highest
from lianfang_shared.persistence import Database

Row = dict[str, Any]
_CURRENT = "a.start_on <= %(on)s AND (a.end_on IS NULL OR a.end_on > %(on)s)"


class Directory:
    """Read-only look-ups in the organisation replica."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _one(self, sql: str, params: Any) -> Row | None:
        with self.db.transaction() as conn:
            return conn.execute(sql, params).fetchone()

    def _all(self, sql: str, params: Any) -> list[Row]:
        with self.db.transaction() as conn:
            return conn.execute(sql, params).fetchall()

    def department(self, department_id: UUID) -> Row:
        """A department, or UnknownReference."""
        row = self._one("SELECT id, code, name FROM departments WHERE id = %s", (department_id,))
        if row is None:
            raise UnknownReference(f"unknown department {department_id}")
        return row

    def post(self, post_id: UUID) -> Row:
        """A post, or UnknownReference."""
        row = self._one(
            "SELECT id, department_id, code, name, key_post FROM org_posts "
            "WHERE id = %s AND department_id IS NOT NULL",
            (post_id,),
        )
        if row is None:
            raise UnknownReference(f"unknown post {post_id}")
        return row

    def person(self, person_id: UUID) -> Row:
        """A person with rank, or UnknownReference."""
        row = self._one(
            "SELECT id, staff_no, name, rank, left_on FROM org_persons "
            "WHERE id = %s AND rank IS NOT NULL",
            (person_id,),
        )
        if row is None:
            raise UnknownReference(f"unknown person {person_id}")
        return row

    def power(self, power_id: UUID) -> Row:
        """A power, or UnknownReference."""
        row = self._one(
            "SELECT id, department_id, code, name, category, status, revision FROM org_powers "
            "WHERE id = %s AND department_id IS NOT NULL",
            (power_id,),
        )
        if row is None:
            raise UnknownReference(f"unknown power {power_id}")
        return row

    def step(self, step_id: UUID) -> Row:
        """A process step, or UnknownReference."""
        row = self._one(
            "SELECT id, power_id, name, post_id, removed FROM org_steps WHERE id = %s", (step_id,)
        )
        if row is None or row["removed"]:
            raise UnknownReference(f"unknown process step {step_id}")
        return row

    def holds(self, person_id: UUID | None, post_id: UUID | None, on: date) -> bool:
        """True if the person holds the post on the date."""
        if person_id is None or post_id is None:
            return False
        row = self._one(
            f"SELECT 1 FROM org_appointments a WHERE a.person_id = %(person)s "
            f"AND a.post_id = %(post)s AND {_CURRENT}",
            {"person": person_id, "post": post_id, "on": on},
        )
        return row is not None

    def owner_rank(self, person_id: UUID | None, post_id: UUID | None, on: date) -> str | None:
        """The rank that decides the approver: the person's, else the post's highest holder's,
        else key-post staff for a post nobody holds."""
        if person_id is not None:
            return str(self.person(person_id)["rank"])
        if post_id is None:
            return None
        rows = self._all(
            f"SELECT p.rank FROM org_appointments a JOIN org_persons p ON p.id = a.person_id "
            f"WHERE a.post_id = %(post)s AND {_CURRENT}",
            {"post": post_id, "on": on},
        )
        return highest([r["rank"] for r in rows]) or "key_post"

    def leaders_in_charge(self, department_id: UUID | None) -> list[UUID]:
        """The leaders in charge of (分管) a department."""
        rows = self._all(
            "SELECT c.person_id FROM org_in_charge c JOIN org_persons p ON p.id = c.person_id "
            "WHERE %s = ANY(c.department_ids) AND p.left_on IS NULL ORDER BY p.staff_no",
            (department_id,),
        )
        return [r["person_id"] for r in rows]

    def members(self, department_id: UUID, on: date) -> list[Row]:
        """Everyone holding a post in the department on the date, by staff number."""
        return self._all(
            f"SELECT DISTINCT p.id, p.name, p.staff_no FROM org_appointments a "
            f"JOIN org_persons p ON p.id = a.person_id WHERE a.department_id = %(dept)s "
            f"AND {_CURRENT} ORDER BY p.staff_no",
            {"dept": department_id, "on": on},
        )

    def persons_known(self, person_ids: list[UUID]) -> set[UUID]:
        """Which of the ids are known persons."""
        rows = self._all(
            "SELECT id FROM org_persons WHERE id = ANY(%s) AND rank IS NOT NULL", (person_ids,)
        )
        return {r["id"] for r in rows}
