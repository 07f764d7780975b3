"""Department routes (部门): a tree kept by the admins."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status

from lianfang_registry.api.deps import ORGANISATION, Offset, Page, RegistryDep, ServiceDep
from lianfang_registry.api.schemas import (
    Created,
    DepartmentCreate,
    DepartmentList,
    DepartmentNode,
    DepartmentRead,
    DepartmentUpdate,
)
from lianfang_registry.projections import departments

router = APIRouter(prefix="/departments", tags=["organisation"])


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=[ORGANISATION])
def create_department(body: DepartmentCreate, registry: RegistryDep, svc: ServiceDep) -> Created:
    """Register a department (部门)."""
    department_id = registry.create_department(body.code, body.name, body.parent_id)
    svc.settle()
    return Created(id=department_id)


@router.get("")
def list_departments(svc: ServiceDep, limit: Page = 50, offset: Offset = 0) -> DepartmentList:
    """Departments by code, one page at a time."""
    rows, total = departments.list_departments(svc.db, limit, offset)
    return DepartmentList(items=[DepartmentRead(**r) for r in rows], total=total)


@router.get("/tree")
def department_tree(svc: ServiceDep) -> list[DepartmentNode]:
    """Every department, nested under its parent."""
    nodes = {r["id"]: DepartmentNode(**r) for r in departments.all_departments(svc.db)}
    roots: list[DepartmentNode] = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id) if node.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


@router.get("/{department_id}")
def get_department(department_id: UUID, registry: RegistryDep) -> DepartmentRead:
    """One department, current state."""
    d = registry.get_department(department_id)
    return DepartmentRead(
        id=d.id, code=d.code, name=d.name, parent_id=d.parent_id, version=d.version
    )


@router.patch(
    "/{department_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=[ORGANISATION]
)
def rename_department(
    department_id: UUID, body: DepartmentUpdate, registry: RegistryDep, svc: ServiceDep
) -> None:
    """Rename a department."""
    registry.rename_department(department_id, body.name)
    svc.settle()
