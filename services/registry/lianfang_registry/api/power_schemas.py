"""Request and response bodies of powers, responsibility items and process flows."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import Field

from lianfang_registry.api.schemas import CODE, Schema
from lianfang_registry.domain.vocab import PowerCategory, PowerStatus

TEXT = 4000


class PowerDetails(Schema):
    """The catalogue fields of a power (职权目录)."""

    name: str = Field(min_length=1, max_length=200, description="职权名称")
    category: PowerCategory = Field(description="职权类别")
    content: str = Field("", max_length=TEXT, description="职权内容")
    basis: str = Field("", max_length=TEXT, description="制度依据")
    handling_department: str = Field("", max_length=200, description="办理部门")
    subject: str = Field("", max_length=TEXT, description="主体")
    conditions: str = Field("", max_length=TEXT, description="条件")
    procedure: str = Field("", max_length=TEXT, description="程序")
    time_limit: str = Field("", max_length=200, description="时限")
    responsibility: str = Field("", max_length=TEXT, description="责任")
    supervision: str = Field("", max_length=TEXT, description="监督方式")


class PowerCreate(PowerDetails):
    department_id: UUID
    code: str = Field(min_length=1, max_length=32, pattern=CODE, description="职权编码")
    activate: bool = Field(False, description="in force at once instead of a draft")


class PowerAmend(Schema):
    """The fields that change (others stay), and why."""

    reason: str = Field(min_length=1, max_length=500, description="修订原因")
    name: str | None = Field(None, min_length=1, max_length=200)
    category: PowerCategory | None = None
    content: str | None = Field(None, max_length=TEXT)
    basis: str | None = Field(None, max_length=TEXT)
    handling_department: str | None = Field(None, max_length=200)
    subject: str | None = Field(None, max_length=TEXT)
    conditions: str | None = Field(None, max_length=TEXT)
    procedure: str | None = Field(None, max_length=TEXT)
    time_limit: str | None = Field(None, max_length=200)
    responsibility: str | None = Field(None, max_length=TEXT)
    supervision: str | None = Field(None, max_length=TEXT)


class Reason(Schema):
    reason: str = Field(min_length=1, max_length=500)


class Amended(Schema):
    revision: int


class PowerSummary(Schema):
    id: UUID
    department_id: UUID
    department_code: str | None
    department_name: str | None
    code: str
    name: str
    category: PowerCategory
    category_label: str
    status: PowerStatus
    status_label: str
    revision: int
    updated_at: datetime


class PowerList(Schema):
    items: list[PowerSummary]
    total: int


class ItemRead(Schema):
    id: UUID
    description: str
    post_id: UUID


class StepRead(Schema):
    id: UUID
    position: int
    name: str
    description: str
    post_id: UUID
    post_name: str | None = None
    key_post: bool | None = None
    department_name: str | None = None


class PowerRead(PowerDetails):
    id: UUID
    department_id: UUID
    code: str
    category_label: str
    status: PowerStatus
    status_label: str
    revision: int
    retired_reason: str
    version: int
    items: list[ItemRead]
    steps: list[StepRead]


class PowerVersion(Schema):
    revision: int
    details: PowerDetails
    changed: list[str]
    reason: str
    changed_at: datetime
    changed_by: str


class HistoryEntry(Schema):
    version: int
    event: str
    at: datetime
    actor: str
    data: dict[str, Any]


class Duty(Schema):
    kind: Literal["responsibility", "step"]
    text: str


class PostPower(PowerSummary):
    duties: list[Duty]


class PostPowerList(Schema):
    items: list[PostPower]
    total: int


class ItemCreate(Schema):
    description: str = Field(min_length=1, max_length=1000, description="责任事项")
    post_id: UUID = Field(description="责任岗位")


class StepCreate(Schema):
    name: str = Field(min_length=1, max_length=100)
    post_id: UUID
    description: str = Field("", max_length=1000)
    position: int = Field(0, ge=0, description="1-based; 0 appends")


class StepUpdate(Schema):
    name: str | None = Field(None, min_length=1, max_length=100)
    post_id: UUID | None = None
    description: str | None = Field(None, max_length=1000)


class StepOrder(Schema):
    step_ids: list[UUID] = Field(min_length=1, max_length=200)


class Flow(Schema):
    power_id: UUID
    steps: list[StepRead]


class Imported(Schema):
    imported: int
    ids: list[UUID]


class Problem(Schema):
    """One bad cell of an import: sheet row, column heading, and why."""

    row: int
    column: str
    field: str
    problem: str
    reason: str


class Rejection(Schema):
    detail: str
    errors: list[Problem]
