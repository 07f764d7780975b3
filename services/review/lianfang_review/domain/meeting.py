"""Department meeting (部门会议): the approver of key-post staff's risk points.

A department with fewer than ``all_below`` people (10 in the seed: 部门人员不足10人的应全部参会)
meets validly only with every member present; a larger one needs more than half. A meeting
that does not meet this is refused and never stored.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from lianfang_review.domain.errors import MeetingRejected

ALL_ATTEND_BELOW = 10


def check_attendance(
    members: list[dict[str, Any]], attendee_ids: list[UUID], all_below: int = ALL_ATTEND_BELOW
) -> None:
    """Refuse a meeting short of members (``members``: id and name of each, on the day)."""
    if not members:
        raise MeetingRejected("the department has no members on that date")
    present = set(attendee_ids)
    missing = [{"id": m["id"], "name": m["name"]} for m in members if m["id"] not in present]
    if len(members) < all_below and missing:
        names = "、".join(m["name"] for m in missing)
        raise MeetingRejected(
            f"the department has {len(members)} people (fewer than {all_below}): all must "
            f"attend; missing: {names}",
            missing,
        )
    if (len(members) - len(missing)) * 2 <= len(members):
        raise MeetingRejected(
            f"more than half of the department's {len(members)} people must attend", missing
        )


class Meeting(Aggregate):
    """A department meeting held on a date with its attendees (and the members that day)."""

    @event("Recorded")
    def __init__(
        self,
        department_id: UUID,
        held_on: date,
        attendee_ids: list[UUID],
        member_ids: list[UUID],
        topic: str,
    ) -> None:
        self.department_id = department_id
        self.held_on = held_on
        self.attendee_ids = list(attendee_ids)
        self.member_ids = list(member_ids)
        self.topic = topic
