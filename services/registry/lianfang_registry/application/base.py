"""What every registry use case shares beyond ServiceApplication: the department scope."""

from __future__ import annotations

from uuid import UUID

from lianfang_registry.domain.errors import OutsideOwnDepartment
from lianfang_shared.application import ServiceApplication


class RegistryBase(ServiceApplication):
    """Loading and saving with domain errors (from ServiceApplication), and the scope check."""

    @staticmethod
    def check_scope(department_id: UUID, scope: UUID | None) -> None:
        """A caller limited to ``scope`` (a department head) acts on that department only."""
        if scope is not None and department_id != scope:
            raise OutsideOwnDepartment("you may change your own department's powers only")
