"""Control-measure routes (防控措施) of a risk point."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status

from lianfang_review.api.deps import READERS, ActorDep, ReviewDep, ServiceDep
from lianfang_review.api.schemas import Created, MeasureCreate, MeasureUpdate

router = APIRouter(
    prefix="/risk-points/{point_id}/measures", tags=["measures"], dependencies=[READERS]
)
NO_CONTENT = status.HTTP_204_NO_CONTENT


@router.post("", status_code=status.HTTP_201_CREATED)
def add_measure(
    point_id: UUID, body: MeasureCreate, actor: ActorDep, review: ReviewDep, svc: ServiceDep
) -> Created:
    """Add a measure: text, type, stage, who is responsible, by when."""
    measure_id = review.add_measure(actor, point_id, **body.model_dump())
    svc.settle()
    return Created(id=measure_id)


@router.patch("/{measure_id}", status_code=NO_CONTENT)
def change_measure(
    point_id: UUID,
    measure_id: UUID,
    body: MeasureUpdate,
    actor: ActorDep,
    review: ReviewDep,
    svc: ServiceDep,
) -> None:
    """Change a measure (text, type or stage reopen an approved point; who, when and the
    progress do not). The person responsible may report progress (``status``) alone."""
    review.change_measure(actor, point_id, measure_id, body.model_dump(exclude_unset=True))
    svc.settle()


@router.delete("/{measure_id}", status_code=NO_CONTENT)
def remove_measure(
    point_id: UUID, measure_id: UUID, actor: ActorDep, review: ReviewDep, svc: ServiceDep
) -> None:
    """Remove a measure."""
    review.remove_measure(actor, point_id, measure_id)
    svc.settle()
