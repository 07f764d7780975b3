"""Request and response bodies of the organisation (departments, posts, persons)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from lianfang_registry.domain.vocab import Rank
from lianfang_shared.params import Day

CODE = r"^[A-Za-z0-9_.-]+$"


class Schema(BaseModel):
    """Base of registry schemas: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Created(Schema):
    id: UUID


class DepartmentCreate(Schema):
    code: str = Field(min_length=1, max_length=32, pattern=CODE)
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


class DepartmentList(Schema):
    items: list[DepartmentRead]
    total: int


class DepartmentNode(DepartmentRead):
    children: list[DepartmentNode] = []


class PostCreate(Schema):
    department_id: UUID
    code: str = Field(min_length=1, max_length=32, pattern=CODE)
    name: str = Field(min_length=1, max_length=100, description="岗位名称")
    key_post: bool = Field(False, description="重点岗位")


class PostUpdate(Schema):
    name: str | None = Field(None, min_length=1, max_length=100)
    key_post: bool | None = None


class PostRead(Schema):
    id: UUID
    department_id: UUID
    department_name: str | None
    code: str
    name: str
    key_post: bool
    version: int


class PostList(Schema):
    items: list[PostRead]
    total: int


class Holding(Schema):
    """A post held on a date, and for how long (tenure restarts with each transfer)."""

    person_id: UUID
    person_name: str
    staff_no: str
    rank: Rank
    rank_label: str
    post_id: UUID
    post_name: str
    key_post: bool
    department_id: UUID
    department_name: str | None
    start_on: date
    tenure_days: int
    tenure_years: float


class PostDetail(PostRead):
    holders: list[Holding]


class HoldingList(Schema):
    items: list[Holding]
    total: int


class PersonCreate(Schema):
    staff_no: str = Field(min_length=1, max_length=32, pattern=CODE, description="工号")
    name: str = Field(min_length=1, max_length=50)
    rank: Rank = Rank.staff


class PersonUpdate(Schema):
    rank: Rank


class AppointmentCreate(Schema):
    post_id: UUID
    effective_on: Day


class TransferCreate(Schema):
    from_post_id: UUID
    to_post_id: UUID
    effective_on: Day


class ReliefCreate(Schema):
    post_id: UUID
    effective_on: Day


class LeavingCreate(Schema):
    effective_on: Day
    reason: str = Field("", max_length=200)


class InChargeUpdate(Schema):
    department_ids: list[UUID] = Field(max_length=50)


class DepartmentRef(Schema):
    id: UUID
    code: str
    name: str


class AppointmentRead(Schema):
    post_id: UUID
    department_id: UUID
    start_on: date
    end_on: date | None


class PersonSummary(Schema):
    id: UUID
    staff_no: str
    name: str
    rank: Rank
    rank_label: str
    left_on: date | None
    version: int


class PersonList(Schema):
    items: list[PersonSummary]
    total: int


class PersonRead(PersonSummary):
    leaving_reason: str
    posts: list[Holding]
    in_charge_of: list[DepartmentRef]
    appointments: list[AppointmentRead]
