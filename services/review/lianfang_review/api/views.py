"""Read-model rows and aggregates → response bodies, with labels in the caller's language."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from lianfang_review.api.schemas import (
    Assessment,
    MeasureRead,
    RiskPointRead,
    RiskPointSummary,
)
from lianfang_review.domain.errors import Forbidden
from lianfang_review.domain.risk_point import RiskPoint
from lianfang_review.domain.vocab import COMMON, label, measure_type_label
from lianfang_shared.i18n import Locale


def check_visible(department_id: UUID | None, scope: str, visible: UUID | None) -> None:
    """Department people read their own department's points and the common ones only."""
    if visible is not None and department_id != visible and scope not in COMMON:
        raise Forbidden("this risk point belongs to another department")


def measure(m: dict[str, Any], locale: Locale) -> MeasureRead:
    """A measure with its labels."""
    return MeasureRead(
        **{k: v for k, v in m.items() if k in MeasureRead.model_fields},
        type_label=measure_type_label(m["type"], locale),
        stage_label=label(m["stage"], locale),
        status_label=label(m["status"], locale),
    )


def summary(row: dict[str, Any], locale: Locale) -> RiskPointSummary:
    """A point in a list."""
    return RiskPointSummary(
        **{k: v for k, v in row.items() if k in RiskPointSummary.model_fields},
        scope_label=label(row["scope"], locale),
        category_label=label(row["category"], locale),
        status_label=label(row["status"], locale),
        grade_label=label(row["grade"], locale),
        approver_label=label(row["approver_role"], locale),
    )


def point(p: RiskPoint, locale: Locale, names: dict[UUID, str]) -> RiskPointRead:
    """A risk point aggregate as read by people."""
    assessment = None
    if p.assessment is not None:
        assessment = Assessment(
            **p.assessment,
            proposed_grade_label=label(p.assessment["proposed_grade"], locale),
            suggested_grade_label=label(p.assessment["suggested_grade"], locale),
        )
    measures = [
        measure({**m, "responsible_name": names.get(m["responsible_person_id"])}, locale)
        for m in p.measures
    ]
    return RiskPointRead(
        id=p.id,
        version=p.version,
        scope=p.scope,
        scope_label=label(p.scope, locale),
        category=p.category,
        category_label=label(p.category, locale),
        description=p.description,
        department_id=p.department_id,
        post_id=p.post_id,
        person_id=p.person_id,
        power_id=p.power_id,
        step_id=p.step_id,
        status=p.status,
        status_label=label(p.status, locale),
        assessment=assessment,
        grade=p.grade,
        grade_label=label(p.grade, locale),
        measures=measures,
        route=p.route,
        approved_version=p.approved_version,
        needs_re_review=p.needs_re_review,
        re_review=p.re_review,
        merged_into=p.merged_into,
        merged_from=p.merged_from,
    )
