"""Approval of a risk point (审核): submit, approve, return to the department, reopen.

Whom a point goes to is the ladder's business (``ladder.py``); this part records the route it
took and the approved version, which is frozen until a material change reopens the point.

The ``_submitted`` … ``_reopened`` bodies are made events by ``RiskPoint`` (``@event`` on a
mixin would store the events under the mixin's topic, not ``RiskPoint.<Name>``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from lianfang_review.domain.errors import LifecycleError, NotReady
from lianfang_review.domain.ladder import check_measures
from lianfang_review.domain.vocab import Grade, Status


class ApprovalHolder(Aggregate):
    """The approval part of a risk point (RiskPoint defines ``status``, ``assessment``,
    ``grade``, ``measures``, ``route``, ``approved_version``, ``needs_re_review`` and
    ``owner``, and makes the event bodies below its events)."""

    if TYPE_CHECKING:
        status: Status
        assessment: dict[str, Any] | None
        grade: Grade | None
        measures: list[dict[str, Any]]
        route: dict[str, Any] | None
        approved_version: int | None
        needs_re_review: bool
        owner: dict[str, Any]

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

    def _reopened(self, reason: str, owner: dict[str, Any]) -> None:
        self.status = Status.reopened

    def check_submitted(self) -> None:
        if self.status is not Status.submitted:
            raise LifecycleError(f"a {self.status.value} risk point is not awaiting approval")
