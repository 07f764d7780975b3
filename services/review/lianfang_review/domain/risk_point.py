"""Risk point (风险点): where a power can be abused, its grade, its measures, its approval.

Guards live in the command methods; event bodies only change state, so replaying old events
never depends on today's rules. Every event that leaves the service carries the ``owner``.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from lianfang_review.domain.approval import ApprovalHolder
from lianfang_review.domain.errors import LifecycleError, NothingChanged
from lianfang_review.domain.grading import GradeHolder
from lianfang_review.domain.measures import MeasureHolder
from lianfang_review.domain.vocab import COMMON, Category, Grade, Scope, Status


class RiskPoint(MeasureHolder, GradeHolder, ApprovalHolder):
    """A risk point of a post, a person, a leader or the factory (common); grading, measures
    and approval are in ``grading.py``, ``measures.py`` and ``approval.py``."""

    @event("Proposed")
    def __init__(
        self,
        scope: str,
        category: str,
        description: str,
        department_id: UUID | None,
        post_id: UUID | None,
        person_id: UUID | None,
        power_id: UUID | None,
        step_id: UUID | None,
        merged_from: list[UUID],
    ) -> None:
        self.scope = Scope(scope)
        self.category = Category(category)
        self.description = description
        self.department_id = department_id
        self.post_id = post_id
        self.person_id = person_id
        self.power_id = power_id
        self.step_id = step_id
        self.merged_from = list(merged_from)
        self.merged_into: UUID | None = None
        self.status = Status.draft
        self.assessment: dict[str, Any] | None = None
        self.grade: Grade | None = None
        self.measures: list[dict[str, Any]] = []
        self.route: dict[str, Any] | None = None
        self.approved_version: int | None = None
        self.needs_re_review = False
        self.re_review: list[dict[str, Any]] = []

    @property
    def owner(self) -> dict[str, Any]:
        """Whose point it is (travels with every public event)."""
        return {
            "department_id": self.department_id,
            "post_id": self.post_id,
            "person_id": self.person_id,
            "scope": self.scope.value,
        }

    # Content -----------------------------------------------------------------------------------
    def change(
        self,
        description: str | None = None,
        category: str | None = None,
        power_id: UUID | None = None,
        step_id: UUID | None = None,
        unlink_step: bool = False,
    ) -> None:
        """Edit the description, category, linked power or step (reopens an approved point)."""
        self.check_editable()
        new = (
            self.description if description is None else description,
            self.category.value if category is None else Category(category).value,
            self.power_id if power_id is None else power_id,
            None if unlink_step else (self.step_id if step_id is None else step_id),
        )
        old = (self.description, self.category.value, self.power_id, self.step_id)
        if new == old:
            raise NothingChanged("the change changes nothing")
        self._changed(*new, owner=self.owner)
        self.reopen_if_approved("power" if new[2] != old[2] else "content")

    @event("Changed")
    def _changed(
        self,
        description: str,
        category: str,
        power_id: UUID | None,
        step_id: UUID | None,
        owner: dict[str, Any],
    ) -> None:
        self.description, self.category = description, Category(category)
        self.power_id, self.step_id = power_id, step_id

    # Grading and approval events: the bodies are the mixins', the events are declared here so
    # that they are stored as ``risk_point:RiskPoint.<Name>`` as they always were.
    _self_assessed = event("SelfAssessed")(GradeHolder._self_assessed)
    _grade_decided = event("GradeDecided")(GradeHolder._grade_decided)
    _submitted = event("Submitted")(ApprovalHolder._submitted)
    _approved = event("Approved")(ApprovalHolder._approved)
    _returned = event("Returned")(ApprovalHolder._returned)
    _reopened = event("Reopened")(ApprovalHolder._reopened)

    # Registry reactions and merging -------------------------------------------------------------
    def flag_for_re_review(self, cause: str, reason: str, source_event_id: str) -> None:
        """Something under the point changed in the registry: revisit (reopens if approved)."""
        self._flagged(cause, reason, source_event_id, self.owner)
        self.reopen_if_approved("re_review", also_submitted=True)

    @event("NeedsReReview")
    def _flagged(
        self, cause: str, reason: str, source_event_id: str, owner: dict[str, Any]
    ) -> None:
        self.needs_re_review = True
        self.re_review.append({"cause": cause, "reason": reason, "event": source_event_id})

    def merge_into(self, target_id: UUID) -> None:
        """A common point gathered into a factory-level one; it is closed, with the link kept."""
        if self.scope not in COMMON:
            raise LifecycleError("only common risk points can be merged")
        if self.status not in (Status.draft, Status.returned, Status.reopened):
            raise LifecycleError(f"a {self.status.value} risk point cannot be merged")
        self._merged(target_id, self.owner)

    @event("Merged")
    def _merged(self, into: UUID, owner: dict[str, Any]) -> None:
        self.status = Status.merged
        self.merged_into = into

    # Guards ------------------------------------------------------------------------------------
    def check_editable(self) -> None:
        if self.status is Status.submitted:
            raise LifecycleError("the risk point awaits approval; it cannot change until decided")
        self.check_not_merged()

    def check_not_merged(self) -> None:
        if self.status is Status.merged:
            raise LifecycleError(f"the risk point was merged into {self.merged_into}")
