"""Use cases of the approval ladder (审核): routing, submitting, meetings, approving, returning."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from lianfang_review.application.measures import MeasureCases
from lianfang_review.domain.errors import (
    Forbidden,
    MeetingNotFound,
    MeetingRejected,
    UnknownReference,
)
from lianfang_review.domain.ladder import route_for
from lianfang_review.domain.meeting import Meeting, check_attendance
from lianfang_review.domain.policy import Actor, check_approver, check_may_work_on
from lianfang_review.domain.risk_point import RiskPoint
from lianfang_review.domain.vocab import ApproverRole, Scope

APPROVERS = ("dept_head", "leader", "party_committee")


class ApprovalCases(MeasureCases):
    """Who approves, submission, department meetings, approval and return."""

    def route(self, point: RiskPoint) -> dict[str, Any]:
        """Whom the ladder sends the point to today (NoApprover if nobody)."""
        rank = None
        if point.scope in (Scope.post, Scope.leader):
            rank = self.org.owner_rank(point.person_id, point.post_id, date.today())
        leaders = self.org.leaders_in_charge(point.department_id) if rank == "middle_cadre" else []
        return route_for(point.scope, point.department_id, rank, leaders)

    def submit(self, actor: Actor, point_id: UUID) -> dict[str, Any]:
        """Submit for approval; returns whom it went to."""
        point = self.get_point(point_id)
        check_may_work_on(actor, point)
        route = self.route(point)
        point.submit(route, self.scoring_model().current["measure_rules"])
        self.store(point)
        return route

    def approve(
        self, actor: Actor, point_id: UUID, comment: str, meeting_id: UUID | None = None
    ) -> int:
        """Approve (the ladder's approver only); returns the frozen, approved version."""
        point = self.decidable(actor, point_id, meeting_id, needs_meeting=True)
        point.approve(comment, meeting_id, self.scoring_model().current["measure_rules"])
        self.store(point)
        assert point.approved_version is not None
        return point.approved_version

    def return_point(
        self, actor: Actor, point_id: UUID, comment: str, meeting_id: UUID | None = None
    ) -> None:
        """Return to the department with comments."""
        point = self.decidable(actor, point_id, meeting_id, needs_meeting=False)
        point.return_to_department(comment, meeting_id)
        self.store(point)

    def decidable(
        self, actor: Actor, point_id: UUID, meeting_id: UUID | None, needs_meeting: bool
    ) -> RiskPoint:
        """The point, if it awaits approval by this caller (and their meeting, if one)."""
        if not actor.has(*APPROVERS):
            raise Forbidden(f"requires one of the roles: {', '.join(APPROVERS)}")
        point = self.get_point(point_id)
        point.check_submitted()
        assert point.route is not None
        check_approver(actor, point.route)
        if point.route["role"] == ApproverRole.department_meeting.value:
            if meeting_id is None and needs_meeting:
                raise MeetingRejected("a department meeting approves this point: name it")
            if meeting_id is not None:
                meeting = self.get_meeting(meeting_id)
                if meeting.department_id != point.route["department_id"]:
                    raise MeetingRejected("the meeting is of another department")
        return point

    def record_meeting(
        self,
        actor: Actor,
        department_id: UUID,
        held_on: date,
        attendee_ids: list[UUID],
        topic: str,
    ) -> UUID:
        """Record a department meeting; refused (and not stored) if members are missing."""
        if not actor.heads(department_id):
            raise Forbidden("only the head of the department records its meetings")
        self.org.department(department_id)
        if held_on > date.today():
            raise MeetingRejected("a meeting is recorded once held, not before")
        attendees = list(dict.fromkeys(attendee_ids))
        unknown = set(attendees) - self.org.persons_known(attendees)
        if unknown:
            raise UnknownReference(f"unknown attendees: {', '.join(map(str, sorted(unknown)))}")
        members = self.org.members(department_id, held_on)
        check_attendance(members, attendees)
        meeting = Meeting(
            department_id=department_id,
            held_on=held_on,
            attendee_ids=attendees,
            member_ids=[m["id"] for m in members],
            topic=topic,
        )
        self.store(meeting)
        return meeting.id

    def get_meeting(self, meeting_id: UUID) -> Meeting:
        """A meeting, or MeetingNotFound."""
        return self.load(Meeting, meeting_id, MeetingNotFound)
