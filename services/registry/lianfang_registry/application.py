"""The registry Application: one method per use case."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from lianfang_registry.domain.department import Department, DepartmentExists, DepartmentNotFound
from lianfang_shared.application import ServiceApplication


class Registry(ServiceApplication):
    """Organisation and power registry."""

    name = "registry"

    def create_department(self, code: str, name: str, parent_id: UUID | None = None) -> UUID:
        """Register a department; its parent must exist."""
        if parent_id is not None:
            self.get_department(parent_id)
        department = Department(code=code, name=name, parent_id=parent_id)
        try:
            self.save(department)
        except IntegrityError:
            raise DepartmentExists(f"department code {code!r} exists already") from None
        return department.id

    def rename_department(self, department_id: UUID, name: str) -> None:
        """Rename a department."""
        department = self.get_department(department_id)
        department.rename(name)
        self.save(department)

    def get_department(self, department_id: UUID) -> Department:
        """The department, or DepartmentNotFound."""
        try:
            return self.repository.get(department_id)  # type: ignore[no-any-return]
        except AggregateNotFoundError:
            raise DepartmentNotFound(f"department {department_id} not found") from None
