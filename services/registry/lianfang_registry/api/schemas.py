"""Request and response bodies."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class Schema(BaseModel):
    """Base of registry schemas: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class DepartmentCreate(Schema):
    code: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")
    name: str = Field(min_length=1, max_length=100, description="部门名称")
    parent_id: UUID | None = None


class DepartmentUpdate(Schema):
    name: str = Field(min_length=1, max_length=100)


class DepartmentRead(Schema):
    id: UUID
    code: str
    name: str
    parent_id: UUID | None
    version: int


class Created(Schema):
    id: UUID


class DepartmentList(Schema):
    items: list[DepartmentRead]
    total: int
