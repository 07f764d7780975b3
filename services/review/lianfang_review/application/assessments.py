"""Use cases of the annual assessment (年度考核): its model as versioned data, computing a
year's assessment of departments from their inspections, the office's adjustment."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from lianfang_review.application.duty_base import DutyBase
from lianfang_review.domain import assessing
from lianfang_review.domain.assessment import Assessment, AssessmentModel
from lianfang_review.domain.errors import (
    AssessmentNotFound,
    Forbidden,
    InvalidRequest,
    NothingChanged,
)
from lianfang_review.domain.inspection import Inspection, quarter_label
from lianfang_review.domain.policy import Actor, check_office
from lianfang_review.projections import oversight_queries
from lianfang_review.projections.oversight import OVERSIGHT_PROJECTION


def check_assessor(actor: Actor) -> None:
    """The discipline committee assesses; the office may too."""
    if not actor.has("discipline", "office"):
        raise Forbidden("only the discipline committee or the office assesses departments")


class AssessmentCases(DutyBase):
    """The assessment model, assessing, adjusting."""

    def assessment_model(self) -> AssessmentModel:
        """The model; before anyone stored it, version 1 (the defaults), stored with its
        first use."""
        try:
            model: AssessmentModel = self.repository.get(AssessmentModel.create_id())
            return model
        except AggregateNotFoundError:
            model = AssessmentModel()
            d = assessing.DEFAULT
            model.publish(d["weights"], d["deductions"], d["note"])
            return model

    def publish_assessment_model(
        self, actor: Actor, weights: dict[str, float], deductions: dict[str, float], note: str
    ) -> int:
        """A new version of the model; assessments made keep theirs."""
        check_assessor(actor)
        model = self.assessment_model()
        version = model.publish(weights, deductions, note)
        self.store(model)
        return version

    def assessment(self, department_id: UUID, year: int) -> Assessment:
        """A department's assessment of a year, or AssessmentNotFound."""
        key = Assessment.create_id(department_id, year)
        return self.load(Assessment, key, AssessmentNotFound)

    def assess_year(
        self, actor: Actor, year: int, department_ids: list[UUID]
    ) -> list[dict[str, Any]]:
        """Assess departments (default: every one inspected that year) from the year's
        completed inspections; an unchanged result is left as it is."""
        check_assessor(actor)
        self.wait_for_projection(OVERSIGHT_PROJECTION)
        db = self.org.db
        departments = list(dict.fromkeys(department_ids))
        for d in departments:
            self.org.department(d)
            if not oversight_queries.completed_in(db, d, year):
                raise InvalidRequest(f"department {d} has no completed inspection in {year}")
        departments = departments or oversight_queries.departments_inspected(db, year)
        model = self.assessment_model()
        changed, out = [], []
        for d in departments:
            a = self.assess_one(d, year, model.current)
            if a is not None:
                changed.append(a)
            current = a or self.assessment(d, year)
            out.append({"department_id": d, "score": current.score, "changed": a is not None})
        if changed:
            self.store(*changed, model)
        return out

    def assess_one(self, department_id: UUID, year: int, model: dict[str, Any]) -> Any:
        """The assessment with a new computation, or None if it gives the same result."""
        ids = oversight_queries.completed_in(self.org.db, department_id, year)
        inspections = []
        for i in ids:
            x = self.load(Inspection, i, AssessmentNotFound)
            inspections.append({"figures": x.figures, "findings": x.findings,
                                "quarter": quarter_label(x.year, x.quarter)})  # fmt: skip
        rows, score = assessing.breakdown(inspections, model, self.today())
        key = Assessment.create_id(department_id, year)
        try:
            a = self.load(Assessment, key, AssessmentNotFound)
        except AssessmentNotFound:
            a = Assessment(department_id=department_id, year=year)
        try:
            a.record(model["version"], ids, rows, score)
        except NothingChanged:
            return None
        return a

    def adjust_assessment(
        self, actor: Actor, department_id: UUID, year: int, score: float, reason: str
    ) -> None:
        """The office sets the score in force with its reason; the computation stays."""
        check_office(actor, "adjust assessments")
        a = self.assessment(department_id, year)
        a.adjust(score, reason)
        self.store(a)
