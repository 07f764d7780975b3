"""Annual assessment routes (年度党风廉政建设责任制考核): the model, assessing a year,
adjusting with a reason, the table."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status

from lianfang_review.api.deps import ActorDep, LocaleDep, ReviewDep, ServiceDep
from lianfang_review.api.duty_deps import OVERSEERS, ScopeDep
from lianfang_review.api.inspection_schemas import (
    AdjustmentCreate,
    AssessmentModelCreate,
    AssessmentModelRead,
    AssessmentRead,
    AssessmentRequest,
    AssessmentResult,
)  # fmt: skip
from lianfang_review.domain.errors import Forbidden
from lianfang_review.domain.terms import term
from lianfang_review.projections import content

router = APIRouter(tags=["assessment"], dependencies=[OVERSEERS])


@router.get("/assessment-model")
def current_model(review: ReviewDep) -> AssessmentModelRead:
    """The assessment model in force: component weights and finding deductions."""
    return AssessmentModelRead(**review.assessment_model().current)


@router.get("/assessment-model/versions")
def model_versions(review: ReviewDep) -> list[AssessmentModelRead]:
    """Every version of the model, newest first."""
    return [AssessmentModelRead(**v) for v in reversed(review.assessment_model().versions)]


@router.post("/assessment-model/versions", status_code=status.HTTP_201_CREATED)
def publish_model(
    body: AssessmentModelCreate, actor: ActorDep, review: ReviewDep, svc: ServiceDep
) -> AssessmentModelRead:
    """A new version of the model (discipline or office); assessments made keep theirs."""
    version = review.publish_assessment_model(actor, body.weights, body.deductions, body.note)
    svc.settle()
    return AssessmentModelRead(**review.assessment_model().at(version))


@router.post("/assessments", status_code=status.HTTP_201_CREATED)
def assess(
    body: AssessmentRequest, actor: ActorDep, review: ReviewDep, svc: ServiceDep
) -> list[AssessmentResult]:
    """Assess departments for a year from their completed inspections (discipline or office)."""
    results = review.assess_year(actor, body.year, body.department_ids)
    svc.settle()
    return [AssessmentResult(**r) for r in results]


@router.get("/assessments/{department_id}/{year}")
def get_assessment(
    department_id: UUID,
    year: int,
    review: ReviewDep,
    svc: ServiceDep,
    locale: LocaleDep,
    scope: ScopeDep,
) -> AssessmentRead:
    """A department's assessment: the breakdown (which adds up to the computed score), the
    adjustment in force, and every computation and adjustment in order."""
    if scope is not None and department_id != scope:
        raise Forbidden("this assessment is of another department")
    a = review.assessment(department_id, year)
    computed = a.computed or {}
    rows = [{**r, "label": term(r["component"], locale)} for r in computed.get("rows", [])]
    history = [h for h in review.aggregate_history(a.id) if h["event"] != "Opened"]
    return AssessmentRead(
        department_id=department_id,
        department_name=content.names(svc.db, "departments", [department_id]).get(department_id),
        year=year, score=a.score, computed_score=computed.get("score"),
        model_version=computed.get("model_version"), rows=rows, adjustment=a.adjustment,
        history=history,
    )  # fmt: skip


@router.post(
    "/assessments/{department_id}/{year}/adjustment", status_code=status.HTTP_204_NO_CONTENT
)
def adjust(
    department_id: UUID,
    year: int,
    body: AdjustmentCreate,
    actor: ActorDep,
    review: ReviewDep,
    svc: ServiceDep,
) -> None:
    """The office sets the score in force, with its reason; the computed one stays."""
    review.adjust_assessment(actor, department_id, year, body.score, body.reason)
    svc.settle()
