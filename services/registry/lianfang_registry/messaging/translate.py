"""Domain event → integration contract (the only things that leave the service)."""

from __future__ import annotations

from typing import Any

from lianfang_registry.domain.department import Department
from lianfang_shared.contracts import IntegrationEvent
from lianfang_shared.contracts.registry import DepartmentCreated, DepartmentRenamed


def translate(e: Any) -> IntegrationEvent | None:
    """The public contract of a registry domain event, or None if it stays internal."""
    match e:
        case Department.Created():
            return DepartmentCreated(
                department_id=e.originator_id, code=e.code, name=e.name, parent_id=e.parent_id
            )
        case Department.Renamed():
            return DepartmentRenamed(department_id=e.originator_id, name=e.name)
    return None
