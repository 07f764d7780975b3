"""Grading routes: self-assessment, the office's decision, grade history, the scoring model."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status

from lianfang_review.api import views
from lianfang_review.api.approval_schemas import ModelCreate, ModelList, ModelRead, Published
from lianfang_review.api.deps import (
    READERS,
    ActorDep,
    LocaleDep,
    Offset,
    Page,
    ReviewDep,
    ServiceDep,
    VisibleDep,
)
from lianfang_review.api.schemas import Assessment, GradeChange, GradeDecision, SelfAssessmentCreate
from lianfang_review.domain.vocab import label

router = APIRouter(tags=["grading"], dependencies=[READERS])
NO_CONTENT = status.HTTP_204_NO_CONTENT


@router.post("/risk-points/{point_id}/self-assessment", status_code=status.HTTP_201_CREATED)
def self_assess(
    point_id: UUID,
    body: SelfAssessmentCreate,
    actor: ActorDep,
    review: ReviewDep,
    svc: ServiceDep,
    locale: LocaleDep,
) -> Assessment:
    """The department's self-assessment (自我评估): six factors 1–5 and a proposed grade; the
    answer holds the grade the scoring model suggests and the model version."""
    a = review.self_assess(
        actor, point_id, body.factors.model_dump(), body.proposed_grade, body.note
    )
    svc.settle()
    return Assessment(
        **a,
        proposed_grade_label=label(a["proposed_grade"], locale),
        suggested_grade_label=label(a["suggested_grade"], locale),
    )


@router.put("/risk-points/{point_id}/grade", status_code=NO_CONTENT)
def decide_grade(
    point_id: UUID, body: GradeDecision, actor: ActorDep, review: ReviewDep, svc: ServiceDep
) -> None:
    """The office decides the final grade 高/中/低 with a reason (评审确定)."""
    review.decide_grade(actor, point_id, body.grade, body.reason)
    svc.settle()


@router.get("/risk-points/{point_id}/grades")
def grade_history(
    point_id: UUID, review: ReviewDep, locale: LocaleDep, visible: VisibleDep
) -> list[GradeChange]:
    """Every grade proposal and decision in order: who, when, from, to, why, model version."""
    p = review.get_point(point_id)
    views.check_visible(p.department_id, p.scope.value, visible)
    return [
        GradeChange(**h, to_grade_label=label(h["to_grade"], locale))
        for h in review.grade_history(point_id)
    ]


@router.get("/scoring-model")
def current_model(review: ReviewDep) -> ModelRead:
    """The scoring model in force: factor weights, grade thresholds, measure rules."""
    return ModelRead(**review.scoring_model().current)


@router.get("/scoring-model/versions")
def model_versions(review: ReviewDep, limit: Page = 50, offset: Offset = 0) -> ModelList:
    """Every version of the scoring model, newest first."""
    versions = list(reversed(review.scoring_model().versions))
    page = versions[offset : offset + limit]
    return ModelList(items=[ModelRead(**v) for v in page], total=len(versions))


@router.get("/scoring-model/versions/{version}")
def model_version(version: int, review: ReviewDep) -> ModelRead:
    """One version of the scoring model."""
    return ModelRead(**review.scoring_model().at(version))


@router.post("/scoring-model/versions", status_code=status.HTTP_201_CREATED)
def publish_model(
    body: ModelCreate, actor: ActorDep, review: ReviewDep, svc: ServiceDep
) -> Published:
    """A new version of the scoring model (office); grades already given keep theirs."""
    rules = {k: v.model_dump() for k, v in body.measure_rules.items()}
    version = review.publish_model(actor, body.weights, body.thresholds, rules, body.note)
    svc.settle()
    return Published(version=version)
