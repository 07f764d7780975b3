"""Contracts published by the registry service (topic ``<prefix>.registry.events``)."""

from __future__ import annotations

from uuid import UUID

from lianfang_shared.contracts import IntegrationEvent, contract


@contract("lianfang.registry.department.created")
class DepartmentCreated(IntegrationEvent):
    """A department (部门) was added to the organisation."""

    department_id: UUID
    code: str
    name: str
    parent_id: UUID | None = None


@contract("lianfang.registry.department.renamed")
class DepartmentRenamed(IntegrationEvent):
    """A department's name changed."""

    department_id: UUID
    name: str
