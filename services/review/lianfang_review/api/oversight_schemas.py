"""Request and response bodies of publication, coverage and the rotation watch."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import Field

from lianfang_review.api.schemas import Schema
from lianfang_review.domain.terms import PublicationKind


class PublicationCreate(Schema):
    kind: PublicationKind
    department_id: UUID | None = Field(None, description="the scope; none: the whole factory")
    note: str = Field("", max_length=500)


class PublicationCreated(Schema):
    id: UUID
    version: int


class PublicationSummary(Schema):
    id: UUID
    kind: PublicationKind
    kind_label: str
    department_id: UUID | None
    department_name: str | None
    version: int
    title: str
    published_on: date
    published_by: str
    row_count: int
    digest: str
    citation: str = Field(description="how to cite this version")


class PublicationList(Schema):
    items: list[PublicationSummary]
    total: int


class PublicationRead(PublicationSummary):
    note: str
    rows: list[dict[str, Any]]


class CoverageRow(Schema):
    department_id: UUID
    department_code: str
    department_name: str
    counts: dict[str, int]
    shares: dict[str, float]


class Coverage(Schema):
    on: date
    departments: list[CoverageRow]


class RotationRow(Schema):
    person_id: UUID
    person_name: str
    staff_no: str
    rank: str | None
    post_id: UUID
    post_name: str
    department_id: UUID
    department_name: str | None
    since: date
    rotation_due_on: date
    tenure_days: int
    overdue: bool
