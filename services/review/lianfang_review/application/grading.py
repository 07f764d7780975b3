"""Use cases of grading: the scoring model's versions, self-assessment, the office's decision."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from lianfang_review.application.points import PointCases
from lianfang_review.domain import scoring
from lianfang_review.domain.policy import Actor, check_may_work_on, check_office
from lianfang_review.domain.scoring import ScoringModel
from lianfang_shared.persistence import event_metadata

GRADE_EVENTS = ("SelfAssessed", "GradeDecided")


class GradingCases(PointCases):
    """Scoring model, self-assessment (自我评估) and the office's decision (评审确定)."""

    def scoring_model(self) -> ScoringModel:
        """The scoring model; before anyone stored it, version 1 (the defaults), unsaved: the
        first use that records a model version stores it in the same transaction."""
        try:
            model: ScoringModel = self.repository.get(ScoringModel.create_id())
            return model
        except AggregateNotFoundError:
            model = ScoringModel()
            d = scoring.DEFAULT
            model.publish(d["weights"], d["thresholds"], d["measure_rules"], d["note"])
            return model

    def publish_model(
        self,
        actor: Actor,
        weights: dict[str, float],
        thresholds: dict[str, float],
        measure_rules: dict[str, dict[str, Any]],
        note: str,
    ) -> int:
        """A new version of the scoring model (office); past grades keep their version."""
        check_office(actor, "change the scoring model")
        model = self.scoring_model()
        version = model.publish(weights, thresholds, measure_rules, note)
        self.store(model)
        return version

    def self_assess(
        self,
        actor: Actor,
        point_id: UUID,
        factors: dict[str, int],
        proposed_grade: str,
        note: str = "",
    ) -> dict[str, Any]:
        """The department scores the six factors and proposes a grade; returns the model's
        suggestion."""
        point = self.get_point(point_id)
        check_may_work_on(actor, point)
        model = self.scoring_model()
        point.self_assess(factors, proposed_grade, model.assess(factors), note)
        self.store(point, model)
        assert point.assessment is not None
        return point.assessment

    def decide_grade(self, actor: Actor, point_id: UUID, grade: str, reason: str) -> None:
        """The office decides the final grade 高/中/低, with a reason."""
        check_office(actor, "decide grades")
        point = self.get_point(point_id)
        model = self.scoring_model()
        point.decide_grade(grade, reason, model.current["version"])
        self.store(point, model)

    def grade_history(self, point_id: UUID) -> list[dict[str, Any]]:
        """Every grade proposal and decision, in order: who, when, from, to, why, model."""
        self.get_point(point_id)
        out: list[dict[str, Any]] = []
        current: str | None = None
        for e in self.events_of(point_id):
            kind = type(e).__name__
            if kind not in GRADE_EVENTS:
                continue
            row = {
                "version": e.originator_version,
                "at": e.timestamp,
                "actor": event_metadata(e).get("actor", "system"),
                "model_version": e.model_version,
            }
            if kind == "SelfAssessed":
                row |= {
                    "kind": "self_assessment",
                    "from_grade": current,
                    "to_grade": e.proposed_grade,
                    "suggested_grade": e.suggested_grade,
                    "score": e.score,
                    "reason": e.note,
                }
            else:
                row |= {
                    "kind": "decision",
                    "from_grade": e.from_grade,
                    "to_grade": e.to_grade,
                    "reason": e.reason,
                }
                current = e.to_grade
            out.append(row)
        return out
