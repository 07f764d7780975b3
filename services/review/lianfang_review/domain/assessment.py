"""The annual assessment (年度党风廉政建设责任制考核) of a department, and its model.

The model (weights of the components, deductions for findings) is versioned data like the
scoring model; each assessment records the version it used. An assessment keeps every
computation and every adjustment as its own event: an adjustment by the office (with its
reason) changes the score in force, and the computed one stays in the history.
"""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from lianfang_review.domain.assessing import check_model
from lianfang_review.domain.errors import AssessmentNotFound, NothingChanged
from lianfang_review.domain.versioned import VersionedData


class AssessmentModel(VersionedData, Aggregate):
    """The one assessment model; ``versions`` holds every version ever published."""

    what = "the assessment model"
    not_found = AssessmentNotFound

    @staticmethod
    def create_id(**_: object) -> UUID:
        return uuid5(NAMESPACE_URL, "lianfang:review:assessment-model")

    @event("Created")
    def __init__(self) -> None:
        self.versions: list[dict[str, Any]] = []

    def publish(self, weights: dict[str, float], deductions: dict[str, float], note: str) -> int:
        """Add a version (the next number)."""
        check_model(weights, deductions)
        version = self.next_version
        self._published(dict(weights), dict(deductions), note, version)
        return version

    @event("Published")
    def _published(
        self, weights: dict[str, float], deductions: dict[str, float], note: str, version: int
    ) -> None:
        self.versions.append(
            {"version": version, "weights": weights, "deductions": deductions, "note": note}
        )


class Assessment(Aggregate):
    """A department's assessment for a year."""

    @staticmethod
    def create_id(department_id: UUID, year: int, **_: Any) -> UUID:
        return uuid5(NAMESPACE_URL, f"lianfang:review:assessment:{department_id}:{year}")

    @event("Opened")
    def __init__(self, department_id: UUID, year: int) -> None:
        self.department_id = department_id
        self.year = year
        self.computed: dict[str, Any] | None = None
        self.score: float | None = None
        self.adjustment: dict[str, Any] | None = None

    def record(
        self,
        model_version: int,
        inspection_ids: list[UUID],
        rows: list[dict[str, Any]],
        score: float,
    ) -> None:
        """A computation from the year's inspections; one that changes the result replaces an
        adjustment in force, one that does not is refused (the adjustment stays)."""
        if self.computed is not None:
            before = (self.computed["rows"], self.computed["model_version"])
            if (
                before == (rows, model_version)
                and self.computed["inspection_ids"] == inspection_ids
            ):
                raise NothingChanged("the assessment gives the same result as before")
        self._assessed(model_version, inspection_ids, rows, score, self.department_id, self.year)

    @event("Assessed")
    def _assessed(
        self,
        model_version: int,
        inspection_ids: list[UUID],
        rows: list[dict[str, Any]],
        score: float,
        department_id: UUID,
        year: int,
    ) -> None:
        self.computed = {"model_version": model_version, "inspection_ids": list(inspection_ids),
                         "rows": list(rows), "score": score}  # fmt: skip
        self.score, self.adjustment = score, None

    def adjust(self, score: float, reason: str) -> None:
        """The office sets the score in force, with its reason (the computation stays)."""
        if self.computed is None:
            raise AssessmentNotFound("the department has not been assessed for that year")
        if score == self.score:
            raise NothingChanged(f"the score is {score} already")
        self._adjusted(self.score, score, reason, self.department_id, self.year)

    @event("Adjusted")
    def _adjusted(
        self, from_score: float, to_score: float, reason: str, department_id: UUID, year: int
    ) -> None:
        self.score = to_score
        self.adjustment = {"from_score": from_score, "to_score": to_score, "reason": reason}
