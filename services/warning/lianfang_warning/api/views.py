"""Read-model rows → response bodies, with labels in the caller's language."""

from __future__ import annotations

from typing import Any

from lianfang_shared.i18n import Locale
from lianfang_warning.api.case_schemas import CaseRead, CaseSummary
from lianfang_warning.api.schemas import SignalRead
from lianfang_warning.api.warning_schemas import (
    ActionRead,
    MeasureRead,
    WarningRead,
    WarningSummary,
)
from lianfang_warning.domain.lifecycle import CASE, WARNING
from lianfang_warning.domain.vocab import label


def _pick(row: dict[str, Any], schema: type[Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k in schema.model_fields}


def _maybe(value: str | None, locale: Locale) -> str:
    return label(value, locale) if value else ""


def case_summary(row: dict[str, Any], locale: Locale) -> CaseSummary:
    """A case in a list."""
    return CaseSummary(**_case(row, locale, CaseSummary))


def _case(row: dict[str, Any], locale: Locale, schema: type[Any]) -> dict[str, Any]:
    return {
        **_pick(row, schema),
        "state_label": CASE.label(row["state"], locale),
        "severity_label": _maybe(row["severity"], locale),
        "decision_label": _maybe(row["decision"], locale),
        "channel_labels": [label(c, locale) for c in row["channels"]],
    }


def case_read(
    row: dict[str, Any],
    signals: list[dict[str, Any]],
    warnings: list[dict[str, Any]],
    locale: Locale,
) -> CaseRead:
    """A case with its signals and warnings."""
    return CaseRead(
        **_case(row, locale, CaseRead),
        allowed=CASE.allowed(row["state"]),
        signals=[signal(s, locale) for s in signals],
        warnings=[warning_summary(w, locale) for w in warnings],
    )


def signal(row: dict[str, Any], locale: Locale) -> SignalRead:
    """A signal as readers see it: whether it is anonymous, never who reported it."""
    return SignalRead(
        **_pick(row, SignalRead),
        channel_label=label(row["channel"], locale),
        anonymous=not row["has_identity"],
    )


def _warning(row: dict[str, Any], locale: Locale, schema: type[Any]) -> dict[str, Any]:
    return {
        **_pick(row, schema),
        "severity_label": label(row["severity"], locale),
        "state_label": WARNING.label(row["state"], locale),
        "authority_label": label(row["authority"], locale),
    }


def warning_summary(row: dict[str, Any], locale: Locale) -> WarningSummary:
    """A warning in a list."""
    return WarningSummary(**_warning(row, locale, WarningSummary))


def warning_read(
    row: dict[str, Any],
    actions: list[dict[str, Any]],
    measures: list[dict[str, Any]],
    locale: Locale,
) -> WarningRead:
    """A warning with its actions and measures, as the department and the office see it."""
    return WarningRead(
        **_warning(row, locale, WarningRead),
        allowed=WARNING.allowed(row["state"]),
        actions=[ActionRead(**_pick(a, ActionRead)) for a in actions],
        measures=[
            MeasureRead(**_pick(m, MeasureRead), measure_label=label(m["measure"], locale))
            for m in measures
        ],
    )
