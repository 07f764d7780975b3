"""The annual assessment's arithmetic (年度考核): component values from the year's completed
inspections, weighted into a score whose breakdown adds up to it exactly.

Every component is 0–100. Four come from the checklist figures each inspection froze (the mean
over the year's inspections): risk identification (people reached), commitments (people
who must commit and did), briefings (people briefed), measures (share of live measures not
overdue). The fifth starts at 100 and loses points for every finding of the year by severity,
and more for each finding not followed up by its due date. The score is the sum of each
component's points (weight × value, rounded to 2 decimals), so the breakdown adds up.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from lianfang_review.domain.terms import Component
from lianfang_shared.errors import DomainError

DEFAULT: dict[str, Any] = {
    "weights": {
        "identification": 0.2,
        "commitment": 0.2,
        "briefing": 0.2,
        "measures": 0.2,
        "findings": 0.2,
    },
    "deductions": {"high": 10.0, "medium": 5.0, "low": 2.0, "overdue_follow_up": 3.0},
    "note": "初始考核办法",
}
# Component → (numerator, denominator) of the checklist figures; an empty denominator is 100%.
SHARES = {
    "identification": ("people_identified", "people"),
    "commitment": ("people_committed", "people_to_commit"),
    "briefing": ("people_briefed", "people"),
}


class BadAssessmentModel(DomainError):
    """Weights or deductions that do not make an assessment model."""


def check_model(weights: dict[str, float], deductions: dict[str, float]) -> None:
    """Every component weighted (≥ 0, summing to 1); every deduction named and ≥ 0."""
    if set(weights) != {c.value for c in Component}:
        raise BadAssessmentModel(f"weights must name exactly {[c.value for c in Component]}")
    if any(w < 0 for w in weights.values()) or abs(sum(weights.values()) - 1) > 1e-6:
        raise BadAssessmentModel("weights must be non-negative and add up to 1")
    if set(deductions) != set(DEFAULT["deductions"]):
        raise BadAssessmentModel(f"deductions must name exactly {list(DEFAULT['deductions'])}")
    if any(not 0 <= d <= 100 for d in deductions.values()):
        raise BadAssessmentModel("deductions must be between 0 and 100")


def _share(figures: dict[str, Any], part: str, whole: str) -> float:
    return 1.0 if not figures.get(whole) else figures.get(part, 0) / figures[whole]


def _late(finding: dict[str, Any], as_of: date) -> bool:
    closed, due = finding["closed_on"], finding["due_on"]
    return (closed is None and due < as_of) or (closed is not None and closed > due)


def components(
    inspections: list[dict[str, Any]], deductions: dict[str, float], as_of: date
) -> dict[str, dict[str, Any]]:
    """Each component's value (0–100) and what it was computed from."""
    figures = [i["figures"] for i in inspections]
    out: dict[str, dict[str, Any]] = {}
    for name, (part, whole) in SHARES.items():
        shares = [_share(f, part, whole) for f in figures]
        out[name] = {"value": 100 * sum(shares) / len(shares), "quarters": shares}
    shares = [1 - f["measures_overdue"] / f["measures_live"] if f.get("measures_live") else 1.0
              for f in figures]  # fmt: skip
    out["measures"] = {"value": 100 * sum(shares) / len(shares), "quarters": shares}
    findings = [f for i in inspections for f in i["findings"]]
    counts = {g: sum(1 for f in findings if f["severity"] == g) for g in ("high", "medium", "low")}
    late = sum(1 for f in findings if _late(f, as_of))
    lost = (
        sum(deductions[g] * n for g, n in counts.items()) + deductions["overdue_follow_up"] * late
    )
    out["findings"] = {"value": max(0.0, 100 - lost), "by_severity": counts, "late": late}
    return out


def breakdown(
    inspections: list[dict[str, Any]], model: dict[str, Any], as_of: date
) -> tuple[list[dict[str, Any]], float]:
    """The rows (component, value, weight, points, basis) and the score they add up to."""
    if not inspections:
        raise BadAssessmentModel("no completed inspection of the department that year")
    parts = components(inspections, model["deductions"], as_of)
    rows = []
    for c in Component:
        value = round(parts[c.value].pop("value"), 2)
        weight = model["weights"][c.value]
        rows.append(
            {"component": c.value, "value": value, "weight": weight,
             "points": round(weight * value, 2), "basis": parts[c.value]}
        )  # fmt: skip
    return rows, round(sum(r["points"] for r in rows), 2)
