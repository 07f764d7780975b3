"""Registry routes: parse, call one Application method, answer."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status
from lianfang_shared.auth import Role, require

from lianfang_registry.api.deps import RegistryDep
from lianfang_registry.api.schemas import (
    Created,
    DepartmentCreate,
    DepartmentRead,
    DepartmentUpdate,
)

router = APIRouter()
WRITE = require(Role.admin, Role.office)


@router.post("/departments", status_code=status.HTTP_201_CREATED, dependencies=[WRITE])
def create_department(body: DepartmentCreate, registry: RegistryDep) -> Created:
    """Register a department (部门)."""
    return Created(id=registry.create_department(body.code, body.name, body.parent_id))


@router.get("/departments/{department_id}")
def get_department(department_id: UUID, registry: RegistryDep) -> DepartmentRead:
    """One department, current state."""
    d = registry.get_department(department_id)
    return DepartmentRead(
        id=d.id, code=d.code, name=d.name, parent_id=d.parent_id, version=d.version
    )


@router.patch(
    "/departments/{department_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=[WRITE]
)
def rename_department(department_id: UUID, body: DepartmentUpdate, registry: RegistryDep) -> None:
    """Rename a department."""
    registry.rename_department(department_id, body.name)
