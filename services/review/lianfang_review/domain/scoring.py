"""The scoring model (评级模型): factor weights, grade thresholds and measure rules, as data.

The model is one aggregate whose every version is an event, so a grade records the version
it was computed with and a later version never rewrites it.
"""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from lianfang_review.domain.errors import ScoringModelVersionNotFound
from lianfang_review.domain.versioned import VersionedData
from lianfang_review.domain.vocab import Factor, Grade, MeasureType
from lianfang_shared.errors import DomainError

DEFAULT: dict[str, Any] = {
    "weights": {
        "importance": 0.25,
        "discretion": 0.2,
        "funds_flow": 0.2,
        "probability": 0.15,
        "concealment": 0.1,
        "harm": 0.1,
    },
    "thresholds": {"high": 3.5, "medium": 2.5},
    "measure_rules": {
        "high": {"min_measures": 2, "required_types": ["supervision"]},
        "medium": {"min_measures": 1, "required_types": []},
        "low": {"min_measures": 1, "required_types": []},
    },
    "note": "初始模型",
}


class BadModel(DomainError):
    """Weights, thresholds or measure rules that do not make a model."""


def check_model(weights: dict[str, float], thresholds: dict[str, float], rules: Any) -> None:
    """Every factor weighted (≥ 0, some > 0), 1 ≤ medium ≤ high ≤ 5, a rule per grade."""
    if set(weights) != {f.value for f in Factor}:
        raise BadModel(f"weights must name exactly the factors {[f.value for f in Factor]}")
    if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise BadModel("weights must be non-negative and not all zero")
    if set(thresholds) != {"high", "medium"}:
        raise BadModel("thresholds must name high and medium")
    if not 1 <= thresholds["medium"] <= thresholds["high"] <= 5:
        raise BadModel("thresholds must satisfy 1 <= medium <= high <= 5")
    if set(rules) != {g.value for g in Grade}:
        raise BadModel("measure rules must name high, medium and low")
    for rule in rules.values():
        if not 0 <= rule["min_measures"] <= 20:
            raise BadModel("min_measures must be between 0 and 20")
        if any(t not in {m.value for m in MeasureType} for t in rule["required_types"]):
            raise BadModel("required_types must be measure types")


def score(weights: dict[str, float], factors: dict[str, int]) -> float:
    """The weighted mean of the factor scores (1 to 5), to two decimals."""
    total = sum(weights.values())
    return round(sum(weights[k] * factors[k] for k in weights) / total, 2)


def grade_for(thresholds: dict[str, float], value: float) -> Grade:
    """The grade a score falls in."""
    if value >= thresholds["high"]:
        return Grade.high
    if value >= thresholds["medium"]:
        return Grade.medium
    return Grade.low


class ScoringModel(VersionedData, Aggregate):
    """The one scoring model; ``versions`` holds every version ever published."""

    what = "the scoring model"
    not_found = ScoringModelVersionNotFound

    @staticmethod
    def create_id(**_: object) -> UUID:
        """The model's fixed id."""
        return uuid5(NAMESPACE_URL, "lianfang:review:scoring-model")

    @event("Created")
    def __init__(self) -> None:
        self.versions: list[dict[str, Any]] = []

    def publish(
        self,
        weights: dict[str, float],
        thresholds: dict[str, float],
        measure_rules: dict[str, dict[str, Any]],
        note: str,
    ) -> int:
        """Add a version (the next number); earlier versions stay as they were."""
        check_model(weights, thresholds, measure_rules)
        version = self.next_version
        self._published(weights, thresholds, measure_rules, note, version)
        return version

    @event("Published")
    def _published(
        self,
        weights: dict[str, float],
        thresholds: dict[str, float],
        measure_rules: dict[str, dict[str, Any]],
        note: str,
        version: int,
    ) -> None:
        self.versions.append(
            {
                "version": version,
                "weights": dict(weights),
                "thresholds": dict(thresholds),
                "measure_rules": {k: dict(v) for k, v in measure_rules.items()},
                "note": note,
            }
        )

    def assess(self, factors: dict[str, int]) -> tuple[float, Grade, int]:
        """Score, suggested grade and model version for the factor scores."""
        model = self.current
        value = score(model["weights"], factors)
        return value, grade_for(model["thresholds"], value), model["version"]
