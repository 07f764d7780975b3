"""Use cases of risk points themselves: proposing, editing, merging common points, history."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from lianfang_review.application.base import ENVELOPE_ATTRS, ReviewBase
from lianfang_review.domain.errors import LifecycleError, UnknownReference
from lianfang_review.domain.policy import Actor, check_may_propose, check_may_work_on, check_office
from lianfang_review.domain.risk_point import RiskPoint
from lianfang_review.domain.vocab import COMMON, Scope
from lianfang_shared.persistence import event_metadata


class PointCases(ReviewBase):
    """Proposing and changing risk points."""

    def propose(
        self,
        actor: Actor,
        scope: Scope,
        category: str,
        description: str,
        department_id: UUID | None,
        post_id: UUID | None = None,
        person_id: UUID | None = None,
        power_id: UUID | None = None,
        step_id: UUID | None = None,
    ) -> UUID:
        """Propose a risk point (风险点) of a post, a leader, or common to the factory."""
        department_id = self.check_owner(scope, department_id, post_id, person_id)
        self.check_links(power_id, step_id)
        holds = self.org.holds(actor.person_id, post_id, date.today())
        check_may_propose(actor, scope, department_id, person_id, holds)
        point = RiskPoint(
            scope=scope.value,
            category=category,
            description=description,
            department_id=department_id,
            post_id=post_id,
            person_id=person_id,
            power_id=power_id,
            step_id=step_id,
            merged_from=[],
        )
        self.store(point)
        return point.id

    def change_point(self, actor: Actor, point_id: UUID, changes: dict[str, Any]) -> None:
        """Edit description, category, linked power or step (reopens an approved point)."""
        point = self.get_point(point_id)
        check_may_work_on(
            actor, point, self.org.holds(actor.person_id, point.post_id, date.today())
        )
        power_id = changes.get("power_id") or point.power_id
        step_id = None if changes.get("unlink_step") else changes.get("step_id") or point.step_id
        self.check_links(power_id, step_id)
        point.change(**changes)
        self.store(point)

    def merge(
        self,
        actor: Actor,
        point_ids: list[UUID],
        category: str,
        description: str,
        department_id: UUID | None,
        power_id: UUID | None = None,
    ) -> UUID:
        """The office gathers common points into one factory-level point (links kept)."""
        check_office(actor, "merge common risk points")
        if len(set(point_ids)) < 2:
            raise LifecycleError("merging needs at least two different risk points")
        if department_id is not None:
            self.org.department(department_id)
        self.check_links(power_id, None)
        sources = [self.get_point(i) for i in dict.fromkeys(point_ids)]
        merged = RiskPoint(
            scope=Scope.common_factory.value,
            category=category,
            description=description,
            department_id=department_id,
            post_id=None,
            person_id=None,
            power_id=power_id,
            step_id=None,
            merged_from=[p.id for p in sources],
        )
        for source in sources:
            source.merge_into(merged.id)
        self.store(merged, *sources)
        return merged.id

    def history(self, point_id: UUID) -> list[dict[str, Any]]:
        """Every event of a risk point: what, when, who (for auditors)."""
        self.get_point(point_id)
        return [
            {
                "version": e.originator_version,
                "event": type(e).__name__,
                "at": e.timestamp,
                "actor": event_metadata(e).get("actor", "system"),
                "data": {k: v for k, v in vars(e).items() if k not in ENVELOPE_ATTRS},
            }
            for e in self.events_of(point_id)
        ]

    # Checks against the organisation replica -----------------------------------------------------
    def check_owner(
        self,
        scope: Scope,
        department_id: UUID | None,
        post_id: UUID | None,
        person_id: UUID | None,
    ) -> UUID | None:
        """The owner fits the scope; returns the owning department (a post's, if not given)."""
        if post_id is not None:
            post = self.org.post(post_id)
            if department_id not in (None, post["department_id"]):
                raise UnknownReference("the post belongs to another department")
            department_id = post["department_id"]
        if department_id is not None:
            self.org.department(department_id)
        person = self.org.person(person_id) if person_id is not None else None
        if scope is Scope.post and post_id is None and person is None:
            raise UnknownReference("a post risk point names its post or person")
        if scope is Scope.leader and (
            person is None or person["rank"] not in ("leader", "party_secretary")
        ):
            raise UnknownReference("a leader risk point names a factory leader")
        if scope in COMMON and (post_id or person_id):
            raise UnknownReference("a common risk point names no post or person")
        if scope is not Scope.leader and department_id is None:
            raise UnknownReference("name the owning department")
        return department_id

    def check_links(self, power_id: UUID | None, step_id: UUID | None) -> None:
        """A linked power exists and is not retired; a step belongs to it."""
        if power_id is not None:
            power = self.org.power(power_id)
            if power["status"] == "retired":
                raise UnknownReference(f"power {power['code']} is retired")
        if step_id is not None:
            step = self.org.step(step_id)
            if step["power_id"] != power_id:
                raise UnknownReference("the process step belongs to another power")
