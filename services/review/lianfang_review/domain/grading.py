"""Grading of a risk point: the department's self-assessment (自我评估) and the office's
decision (评审确定), each recording the scoring model version it was made with.

The ``_self_assessed`` and ``_grade_decided`` bodies are made events by ``RiskPoint`` (``@event``
on a mixin would store the events under the mixin's topic, not ``RiskPoint.<Name>``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventsourcing.domain import Aggregate

from lianfang_review.domain.errors import LifecycleError, NothingChanged, NotReady
from lianfang_review.domain.vocab import Grade, Status


class GradeHolder(Aggregate):
    """The grading part of a risk point (RiskPoint defines ``status``, ``assessment``,
    ``grade``, ``owner`` and the guard ``check_editable``, and makes the event bodies below its
    events; ApprovalHolder defines ``reopen_if_approved``)."""

    if TYPE_CHECKING:
        status: Status
        assessment: dict[str, Any] | None
        grade: Grade | None
        owner: dict[str, Any]

        def check_editable(self) -> None: ...
        def reopen_if_approved(self, reason: str, also_submitted: bool = False) -> None: ...

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

    def _grade_decided(
        self,
        from_grade: str | None,
        to_grade: str,
        reason: str,
        model_version: int,
        owner: dict[str, Any],
    ) -> None:
        self.grade = Grade(to_grade)
