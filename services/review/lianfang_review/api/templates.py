"""Commitment-template routes (廉洁承诺书模板): the fixed clauses and layout, as versions."""

from __future__ import annotations

from fastapi import APIRouter, status

from lianfang_review.api.commitment_schemas import TemplateCreate, TemplateList, TemplateRead
from lianfang_review.api.deps import ActorDep, ReviewDep, ServiceDep
from lianfang_review.api.duty_deps import DUTY_READERS

router = APIRouter(prefix="/commitment-template", tags=["commitments"], dependencies=[DUTY_READERS])


@router.get("")
def current_template(review: ReviewDep) -> TemplateRead:
    """The commitment template in force (fixed clauses and layout, jinja2 per language)."""
    return TemplateRead(**review.commitment_template().current)


@router.get("/versions")
def template_versions(review: ReviewDep) -> TemplateList:
    """Every version of the template, newest first."""
    versions = list(reversed(review.commitment_template().versions))
    return TemplateList(items=[TemplateRead(**v) for v in versions], total=len(versions))


@router.post("/versions", status_code=status.HTTP_201_CREATED)
def publish_template(
    body: TemplateCreate, actor: ActorDep, review: ReviewDep, svc: ServiceDep
) -> TemplateRead:
    """A new version of the template (office); refused unless every language renders."""
    version = review.publish_template(actor, dict(body.title), dict(body.body), body.note)
    svc.settle()
    return TemplateRead(**review.commitment_template().at(version))
