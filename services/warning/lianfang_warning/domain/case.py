"""Case (预警事项): one or more linked signals, their assessment and the warnings they led to."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from lianfang_warning.domain.errors import Forbidden, NotAssigned
from lianfang_warning.domain.lifecycle import CASE
from lianfang_warning.domain.vocab import Decision, Severity


class Case(Aggregate):
    """A case handled by assigned office staff, from first signal to closing."""

    @event("Opened")
    def __init__(self, id: UUID, title: str, signal_id: UUID, assignees: list[str]) -> None:
        self.title = title
        self.signal_ids = [signal_id]
        self.assignees = list(dict.fromkeys(assignees))
        self.state = "open"
        self.assessment: dict[str, Any] | None = None
        self.warning_ids: list[UUID] = []
        self.merged_into: UUID | None = None
        self.outcome = ""

    def _move(self, command: str) -> None:
        self.state = CASE.next(command, self.state)

    def check(self, command: str) -> None:
        """InvalidTransition unless ``command`` is possible now."""
        CASE.next(command, self.state)

    def check_assigned(self, user_id: str) -> None:
        """NotAssigned unless ``user_id`` handles the case."""
        if user_id not in self.assignees:
            raise NotAssigned("only the office staff assigned to the case may do this")

    @event("SignalAdded")
    def add_signal(self, signal_id: UUID, from_case_id: UUID | None) -> None:
        """Link a (duplicate) signal into this case."""
        self._move("add_signal")
        self.signal_ids.append(signal_id)

    @event("MergedInto")
    def merge_into(self, case_id: UUID) -> None:
        """This case's signals now belong to ``case_id``."""
        self._move("merge_away")
        self.merged_into = case_id

    def assign(self, assignees: list[str]) -> None:
        """Set who handles the case (at least one person)."""
        self.check("assign")
        if not assignees:
            raise Forbidden("a case needs at least one assigned handler")
        self._assigned(list(dict.fromkeys(assignees)))

    @event("Assigned")
    def _assigned(self, assignees: list[str]) -> None:
        self.assignees = assignees

    def assess(
        self,
        severity: Severity,
        decision: Decision,
        risk_point_ids: list[UUID],
        grades: dict[str, str],
        suggested_severity: Severity | None,
        reasoning: str,
    ) -> None:
        """Record the office's analysis, judgement and assessment (分析、研判、评估)."""
        self.check(f"assess_{Decision(decision).value}")
        self._assessed(
            Severity(severity),
            Decision(decision),
            risk_point_ids,
            grades,
            suggested_severity,
            reasoning,
        )

    @event("Assessed")
    def _assessed(
        self,
        severity: Severity,
        decision: Decision,
        risk_point_ids: list[UUID],
        grades: dict[str, str],
        suggested_severity: Severity | None,
        reasoning: str,
    ) -> None:
        self._move(f"assess_{Decision(decision).value}")
        self.assessment = {
            "severity": Severity(severity),
            "decision": Decision(decision),
            "risk_point_ids": list(risk_point_ids),
        }
        if decision == Decision.no_action:
            self.outcome = "no_action"

    @event("WarningIssued")
    def note_warning(self, warning_id: UUID, department_id: UUID) -> None:
        """A warning went out for this case."""
        self._move("issue_warning")
        self.warning_ids.append(warning_id)

    @event("Closed")
    def close(self, summary: str) -> None:
        """Every warning is dealt with: the case is closed (办结)."""
        self._move("close")
        self.outcome = "done"
