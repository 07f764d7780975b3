"""Read-model rows → response bodies, with labels in the caller's language."""

from __future__ import annotations

from typing import Any

from lianfang_registry.api.power_schemas import (
    ItemRead,
    PostPower,
    PowerRead,
    PowerSummary,
    StepRead,
)
from lianfang_registry.api.schemas import Holding, PersonSummary
from lianfang_registry.domain.vocab import label
from lianfang_shared.i18n import Locale


def holding(row: dict[str, Any], locale: Locale) -> Holding:
    """A current appointment with tenure."""
    return Holding(
        **{k: v for k, v in row.items() if k in Holding.model_fields},
        rank_label=label(row["rank"], locale),
        tenure_years=round(row["tenure_days"] / 365.25, 1),
    )


def person(row: dict[str, Any], locale: Locale) -> PersonSummary:
    """A person in a list."""
    return PersonSummary(**row, rank_label=label(row["rank"], locale))


def power(row: dict[str, Any], locale: Locale) -> PowerSummary:
    """A power in a list."""
    return PowerSummary(**_summary(row, locale))


def post_power(row: dict[str, Any], locale: Locale) -> PostPower:
    """A power in a post's "what may I do" view, with the post's duties in it."""
    return PostPower(**_summary(row, locale), duties=row["duties"])


def _summary(row: dict[str, Any], locale: Locale) -> dict[str, Any]:
    return {
        **{k: v for k, v in row.items() if k in PowerSummary.model_fields},
        "category_label": label(row["category"], locale),
        "status_label": label(row["status"], locale),
    }


def power_read(p: Any, locale: Locale) -> PowerRead:
    """A power aggregate as read by people."""
    return PowerRead(
        **p.details,
        id=p.id,
        department_id=p.department_id,
        code=p.code,
        category_label=label(p.details["category"], locale),
        status=p.status,
        status_label=label(p.status, locale),
        revision=p.revision,
        retired_reason=p.retired_reason,
        version=p.version,
        items=[ItemRead(**i) for i in p.items],
        steps=[StepRead(**s, position=n) for n, s in enumerate(p.steps, start=1)],
    )
