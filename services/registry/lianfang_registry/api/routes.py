"""Registry routes: parse, call one Application method, answer."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status

from lianfang_registry.api.deps import RegistryDep, ServiceDep
from lianfang_registry.api.schemas import (
    Created,
    DepartmentCreate,
    DepartmentList,
    DepartmentRead,
    DepartmentUpdate,
)
from lianfang_registry.projections import departments
from lianfang_shared.auth import Role, require

router = APIRouter()
WRITE = require(Role.admin, Role.office)


@router.post("/departments", status_code=status.HTTP_201_CREATED, dependencies=[WRITE])
def create_department(body: DepartmentCreate, registry: RegistryDep, svc: ServiceDep) -> Created:
    """Register a department (部门)."""
    department_id = registry.create_department(body.code, body.name, body.parent_id)
    svc.settle()
    return Created(id=department_id)


@router.get("/departments")
def list_departments(
    svc: ServiceDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> DepartmentList:
    """Departments by code, one page at a time."""
    rows, total = departments.list_departments(svc.db, limit, offset)
    return DepartmentList(items=[DepartmentRead(**r) for r in rows], total=total)


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
def rename_department(
    department_id: UUID, body: DepartmentUpdate, registry: RegistryDep, svc: ServiceDep
) -> None:
    """Rename a department."""
    registry.rename_department(department_id, body.name)
    svc.settle()
