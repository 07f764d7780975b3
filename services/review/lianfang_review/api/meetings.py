"""Department-meeting routes (部门会议): the approver of key-post staff's risk points."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status
from fastapi.responses import JSONResponse

from lianfang_review.api.approval_schemas import (
    MeetingCreate,
    MeetingList,
    MeetingRead,
    MeetingRefused,
)
from lianfang_review.api.deps import (
    READERS,
    ActorDep,
    Offset,
    Page,
    ReviewDep,
    ServiceDep,
    VisibleDep,
)
from lianfang_review.api.schemas import Created
from lianfang_review.domain.errors import Forbidden, MeetingNotFound, MeetingRejected
from lianfang_review.projections import queries

router = APIRouter(prefix="/meetings", tags=["meetings"], dependencies=[READERS])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=Created,
    responses={422: {"model": MeetingRefused, "description": "members missing; not stored"}},
)
def record_meeting(
    body: MeetingCreate, actor: ActorDep, review: ReviewDep, svc: ServiceDep
) -> Created | JSONResponse:
    """Record a department meeting (date, attendees); a department of fewer than 10 people
    must have all of them (部门人员不足10人的应全部参会), a larger one more than half."""
    try:
        meeting_id = review.record_meeting(
            actor, body.department_id, body.held_on, body.attendee_ids, body.topic
        )
    except MeetingRejected as e:
        missing = [{"id": str(m["id"]), "name": m["name"]} for m in e.missing]
        return JSONResponse({"detail": str(e), "missing": missing}, status_code=422)
    svc.settle()
    return Created(id=meeting_id)


@router.get("")
def list_meetings(
    svc: ServiceDep,
    visible: VisibleDep,
    department_id: UUID | None = None,
    limit: Page = 50,
    offset: Offset = 0,
) -> MeetingList:
    """Department meetings, latest first (department people: their own department's)."""
    if visible is not None:
        if department_id not in (None, visible):
            raise Forbidden("department people see their own department's meetings only")
        department_id = visible
    rows, total = queries.list_meetings(svc.db, department_id, limit, offset)
    return MeetingList(items=[MeetingRead(**r) for r in rows], total=total)


@router.get("/{meeting_id}")
def get_meeting(meeting_id: UUID, svc: ServiceDep, visible: VisibleDep) -> MeetingRead:
    """One department meeting."""
    row = queries.get_meeting(svc.db, meeting_id)
    if row is None:
        raise MeetingNotFound(f"meeting {meeting_id} not found")
    if visible is not None and row["department_id"] != visible:
        raise Forbidden("this meeting is of another department")
    return MeetingRead(**row)
