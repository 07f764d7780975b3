"""Questions the use cases ask of the replicas: does it exist, who is it, what grade is it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from lianfang_shared.persistence import Database
from lianfang_warning.domain.authority import Named
from lianfang_warning.domain.errors import UnknownReference


class Org:
    """Read-only lookups on the departments, people and risk-point replicas."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _rows(self, query: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        with self.db.transaction() as conn:
            return conn.execute(query, tuple(params)).fetchall()

    def check_known(
        self,
        departments: Iterable[UUID] = (),
        persons: Iterable[UUID] = (),
        risk_points: Iterable[UUID] = (),
    ) -> None:
        """UnknownReference naming every department, person or risk point not known here."""
        missing = []
        for table, kind, ids in (
            ("departments", "department", departments),
            ("persons", "person", persons),
            ("risk_points", "risk point", risk_points),
        ):
            wanted = list(dict.fromkeys(ids))
            if not wanted:
                continue
            rows = self._rows(f"SELECT id FROM {table} WHERE id = ANY(%s)", [wanted])
            found = {r["id"] for r in rows}
            missing += [f"{kind} {i}" for i in wanted if i not in found]
        if missing:
            raise UnknownReference("unknown here: " + ", ".join(missing))

    def named(self, person_ids: Iterable[UUID]) -> list[Named]:
        """Rank, name and current departments of each person (unknown ones left out)."""
        rows = self._rows(
            "SELECT p.id, p.name, p.rank, array_remove(array_agg(a.department_id), NULL) AS d "
            "FROM persons p LEFT JOIN appointments a ON a.person_id = p.id AND a.end_on IS NULL "
            "WHERE p.id = ANY(%s) GROUP BY p.id",
            [list(person_ids)],
        )
        return [Named(r["id"], r["name"], r["rank"], frozenset(r["d"])) for r in rows]

    def in_charge_of(self, person_id: str | None) -> frozenset[UUID]:
        """The departments a leader is in charge of (分管)."""
        try:
            pid = UUID(person_id) if person_id else None
        except ValueError:
            return frozenset()
        if pid is None:
            return frozenset()
        rows = self._rows("SELECT department_id FROM leaders_in_charge WHERE person_id = %s", [pid])
        return frozenset(r["department_id"] for r in rows)

    def works_in(self, person_id: UUID, department_id: UUID) -> bool:
        """True when the person holds a current post in the department."""
        rows = self._rows(
            "SELECT 1 FROM appointments WHERE person_id = %s AND department_id = %s "
            "AND end_on IS NULL",
            [person_id, department_id],
        )
        return bool(rows)

    def grades(self, risk_point_ids: Iterable[UUID]) -> dict[str, str | None]:
        """The current grade of each risk point (None when not graded yet)."""
        rows = self._rows(
            "SELECT id, grade FROM risk_points WHERE id = ANY(%s)", [list(risk_point_ids)]
        )
        return {str(r["id"]): r["grade"] for r in rows}

    def departments_by_key(self) -> dict[str, UUID]:
        """Every department by code and by name (as a spreadsheet may name it)."""
        rows = self._rows("SELECT id, code, name FROM departments")
        keys = {r["name"]: r["id"] for r in rows}
        keys.update({r["code"]: r["id"] for r in rows})
        return keys

    def persons_by_staff_no(self) -> dict[str, UUID]:
        """Every person by staff number (工号)."""
        return {r["staff_no"]: r["id"] for r in self._rows("SELECT id, staff_no FROM persons")}
