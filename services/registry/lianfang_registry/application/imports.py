"""Use case: import a department catalogue (职权目录) in one transaction, all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from lianfang_registry.application.flows import FlowCases
from lianfang_registry.domain.catalogue import ImportRejected, PowerRow, RowProblem
from lianfang_registry.domain.department import Department, DepartmentNotFound
from lianfang_registry.domain.errors import ChangedConcurrently
from lianfang_registry.domain.power import Power
from lianfang_registry.domain.vocab import PowerStatus


class ImportCases(FlowCases):
    """Importing powers from rows already read and checked cell by cell."""

    def import_powers(
        self,
        rows: list[PowerRow],
        problems: Sequence[RowProblem] = (),
        scope: UUID | None = None,
        activate: bool = False,
    ) -> list[UUID]:
        """Register every row's power in one save, or none (ImportRejected lists every problem).

        ``problems`` are those already found in the cells; this adds unknown departments and
        codes registered before, so one answer names everything wrong with the file.
        """
        departments = self._departments({r.department_code for r in rows if r.department_code})
        for r in rows:
            if departments.get(r.department_code) is not None:
                self.check_scope(departments[r.department_code], scope)  # type: ignore[arg-type]
        problems = [*problems, *self._unknown_departments(rows, departments)]
        status = PowerStatus.active if activate else PowerStatus.draft
        known = [r for r in rows if departments.get(r.department_code) is not None]
        powers = [
            Power.register(departments[r.department_code], r.code, r.details, status)  # type: ignore[arg-type]
            for r in known
        ]
        if problems:
            raise ImportRejected([*problems, *self._clashes(known, powers)])
        try:
            self.save(*powers)
        except IntegrityError:
            clashes = self._clashes(known, powers)
            if not clashes:
                raise ChangedConcurrently("retry the import") from None
            raise ImportRejected(clashes) from None
        return [p.id for p in powers]

    @staticmethod
    def _unknown_departments(
        rows: list[PowerRow], departments: dict[str, UUID | None]
    ) -> list[RowProblem]:
        return [
            RowProblem(r.row, "department_code", "unknown_department", {"value": r.department_code})
            for r in rows
            if r.department_code and departments.get(r.department_code) is None
        ]

    def _departments(self, codes: set[str]) -> dict[str, UUID | None]:
        found: dict[str, UUID | None] = {}
        for code in codes:
            try:
                found[code] = self.get_department(Department.create_id(code)).id
            except DepartmentNotFound:
                found[code] = None
        return found

    def _clashes(self, rows: list[PowerRow], powers: list[Power]) -> list[RowProblem]:
        return [
            RowProblem(r.row, "code", "exists", {"value": r.code})
            for r, p in zip(rows, powers, strict=True)
            if r.code and p.id in self.repository
        ]
