"""Rectification routes (整改): the department head acknowledges, records actions, reports."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status

from lianfang_warning.api.deps import AppDep, OwnDepartmentDep, ServiceDep
from lianfang_warning.api.schemas import Created
from lianfang_warning.api.warning_schemas import AcknowledgementCreate, ActionCreate, RecordCreate
from lianfang_warning.domain.drafts import DisposalRecord

router = APIRouter(prefix="/warnings", tags=["rectification"])
NO_CONTENT = status.HTTP_204_NO_CONTENT


@router.post("/{warning_id}/acknowledgement", status_code=NO_CONTENT)
def acknowledge(
    warning_id: UUID,
    body: AcknowledgementCreate,
    app: AppDep,
    svc: ServiceDep,
    department: OwnDepartmentDep,
) -> None:
    """Acknowledge at once (第一时间启动) and name the responsible person (责任到人)."""
    app.acknowledge(warning_id, body.responsible_person_id, body.note, department)
    svc.settle()


@router.post("/{warning_id}/actions", status_code=status.HTTP_201_CREATED)
def record_action(
    warning_id: UUID,
    body: ActionCreate,
    app: AppDep,
    svc: ServiceDep,
    department: OwnDepartmentDep,
) -> Created:
    """Record a rectification action with its evidence (metadata and hashes)."""
    evidence = [e.model_dump() for e in body.evidence]
    action_id = app.record_action(warning_id, body.description, body.done_on, evidence, department)
    svc.settle()
    return Created(id=action_id)


@router.post("/{warning_id}/record", status_code=NO_CONTENT)
def submit_record(
    warning_id: UUID,
    body: RecordCreate,
    app: AppDep,
    svc: ServiceDep,
    department: OwnDepartmentDep,
) -> None:
    """Submit the disposal record (处置记录, annex 7) to the office for evaluation."""
    app.submit_record(warning_id, DisposalRecord(**body.model_dump()), department)
    svc.settle()
