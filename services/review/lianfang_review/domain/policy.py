"""Who may do what to a risk point: the caller (Actor) against the point's owner and scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from lianfang_review.domain.errors import Forbidden
from lianfang_review.domain.vocab import COMMON, ApproverRole, Scope


@dataclass(frozen=True)
class Actor:
    """The caller as the domain sees them: roles, and the department and person they are."""

    user_id: str
    roles: frozenset[str]
    department_id: UUID | None = None
    person_id: UUID | None = None

    def has(self, *roles: str) -> bool:
        """True if the caller holds any of ``roles``."""
        return bool(self.roles.intersection(roles))

    def heads(self, department_id: UUID | None) -> bool:
        """True if the caller is the head of ``department_id``."""
        return (
            self.has("dept_head")
            and department_id is not None
            and (self.department_id == department_id)
        )


def check_may_propose(
    actor: Actor, scope: Scope, department_id: UUID | None, person_id: UUID | None, holds: bool
) -> None:
    """dept_staff: own post; dept_head: own department (post and common); leader: own leader
    point; office: anything."""
    if actor.has("office"):
        return
    if scope in (Scope.post, *COMMON) and actor.heads(department_id):
        return
    own = person_id is None or person_id == actor.person_id
    if scope is Scope.post and actor.has("dept_staff") and holds and own:
        return
    if scope is Scope.leader and actor.has("leader") and person_id == actor.person_id:
        return
    raise Forbidden("you may not propose this risk point (own post, own department or office)")


def check_may_work_on(actor: Actor, point: Any, holds: bool = False) -> None:
    """Edit, self-assess, add measures, submit: the office; the head of the owner department;
    a leader on their own leader point; staff on their own post's point (edits only)."""
    if actor.has("office"):
        return
    if point.scope is not Scope.leader and actor.heads(point.department_id):
        return
    if point.scope is Scope.leader and actor.has("leader") and point.person_id == actor.person_id:
        return
    if holds and actor.has("dept_staff"):
        return
    raise Forbidden("only the office or the head of the owning department may do this")


def check_office(actor: Actor, what: str) -> None:
    """Only the office (廉洁风险防控工作办公室) may ``what``."""
    if not actor.has("office"):
        raise Forbidden(f"only the office may {what}")


def check_approver(actor: Actor, route: dict[str, Any]) -> None:
    """The caller is whom the ladder routed the point to."""
    role = ApproverRole(route["role"])
    if role is ApproverRole.department_meeting and actor.heads(route["department_id"]):
        return
    in_charge = actor.person_id in route["person_ids"]
    if role is ApproverRole.leader_in_charge and actor.has("leader") and in_charge:
        return
    if role is ApproverRole.party_committee and actor.has("party_committee"):
        return
    raise Forbidden(f"this risk point is for the {role.value} to approve")
