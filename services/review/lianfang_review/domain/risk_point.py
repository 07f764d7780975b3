"""Risk point (风险点): where a power can be abused, its grade, its measures, its approval.

Guards live in the command methods; event bodies only change state, so replaying old events
never depends on today's rules. Every event that leaves the service carries the ``owner``.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from lianfang_review.domain.errors import LifecycleError, NothingChanged, NotReady
from lianfang_review.domain.ladder import check_measures
from lianfang_review.domain.measures import MeasureHolder
from lianfang_review.domain.vocab import COMMON, Category, Grade, Scope, Status


class RiskPoint(MeasureHolder):
    """A risk point of a post, a person, a leader or the factory (common)."""

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

    # Grading -----------------------------------------------------------------------------------
    def self_assess(
        self, factors: dict[str, int], proposed: str, computed: tuple[float, Grade, int], note: str
    ) -> None:
        """The department's self-assessment (自我评估), with the model's suggestion."""
        if self.status not in (Status.draft, Status.returned, Status.reopened):
            raise LifecycleError(f"a {self.status.value} risk point cannot be self-assessed")
        score, suggested, version = computed
        self._self_assessed(
            dict(factors), Grade(proposed).value, suggested.value, score, version, note, self.owner
        )

    @event("SelfAssessed")
    def _self_assessed(
        self,
        factors: dict[str, int],
        proposed_grade: str,
        suggested_grade: str,
        score: float,
        model_version: int,
        note: str,
        owner: dict[str, Any],
    ) -> None:
        self.assessment = {
            "factors": dict(factors),
            "proposed_grade": proposed_grade,
            "suggested_grade": suggested_grade,
            "score": score,
            "model_version": model_version,
            "note": note,
        }

    def decide_grade(self, grade: str, reason: str, model_version: int) -> None:
        """The office's decision (评审确定); a change of an approved grade reopens the point."""
        self.check_editable()
        if self.assessment is None:
            raise NotReady("the department has not self-assessed this risk point yet")
        if self.grade is not None and Grade(grade) is self.grade:
            raise NothingChanged(f"the grade is {grade} already")
        before = None if self.grade is None else self.grade.value
        self._grade_decided(before, Grade(grade).value, reason, model_version, self.owner)
        self.reopen_if_approved("grade")

    @event("GradeDecided")
    def _grade_decided(
        self,
        from_grade: str | None,
        to_grade: str,
        reason: str,
        model_version: int,
        owner: dict[str, Any],
    ) -> None:
        self.grade = Grade(to_grade)

    # Approval ladder ---------------------------------------------------------------------------
    def submit(self, route: dict[str, Any], rules: dict[str, Any]) -> None:
        """Submit for approval to whom the ladder names."""
        if self.status not in (Status.draft, Status.returned, Status.reopened):
            raise LifecycleError(f"a {self.status.value} risk point cannot be submitted")
        if self.assessment is None:
            raise NotReady("self-assess the risk point before submitting it")
        if self.grade is None:
            raise NotReady("the office has not decided the grade yet")
        check_measures(self.grade.value, self.measures, rules)
        self._submitted(route, self.grade.value, self.owner)

    @event("Submitted")
    def _submitted(self, route: dict[str, Any], grade: str, owner: dict[str, Any]) -> None:
        self.status = Status.submitted
        self.route = dict(route)
        self.needs_re_review = False

    def approve(self, comment: str, meeting_id: UUID | None, rules: dict[str, Any]) -> None:
        """Approve; the version after this event is the frozen, approved one."""
        self.check_submitted()
        assert self.grade is not None and self.route is not None
        check_measures(self.grade.value, self.measures, rules)
        self._approved(self.route, self.version + 1, comment, meeting_id, self.owner)

    @event("Approved")
    def _approved(
        self,
        route: dict[str, Any],
        approved_version: int,
        comment: str,
        meeting_id: UUID | None,
        owner: dict[str, Any],
    ) -> None:
        self.status = Status.approved
        self.approved_version = approved_version

    def return_to_department(self, comment: str, meeting_id: UUID | None) -> None:
        """Return with comments; the department changes and re-submits."""
        self.check_submitted()
        assert self.route is not None
        self._returned(self.route, comment, meeting_id, self.owner)

    @event("Returned")
    def _returned(
        self,
        route: dict[str, Any],
        comment: str,
        meeting_id: UUID | None,
        owner: dict[str, Any],
    ) -> None:
        self.status = Status.returned

    def reopen_if_approved(self, reason: str, also_submitted: bool = False) -> None:
        """After a material change an approved point needs approval again."""
        if self.status is Status.approved or (also_submitted and self.status is Status.submitted):
            self._reopened(reason, self.owner)

    @event("Reopened")
    def _reopened(self, reason: str, owner: dict[str, Any]) -> None:
        self.status = Status.reopened

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

    def check_submitted(self) -> None:
        if self.status is not Status.submitted:
            raise LifecycleError(f"a {self.status.value} risk point is not awaiting approval")
