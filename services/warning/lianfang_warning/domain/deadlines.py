"""The deadlines (期限) of a risk warning, to respond and to rectify: extended (延期) or passed
unmet (逾期). Events are classes redefined on ``RiskWarning`` (see ``rectification.py``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from eventsourcing.domain import Aggregate

from lianfang_warning.domain.errors import InvalidDeadline
from lianfang_warning.domain.lifecycle import WARNING
from lianfang_warning.domain.rectification import Ref
from lianfang_warning.domain.vocab import Deadline


class Deadlines(Aggregate):
    """The deadline part of a warning (RiskWarning defines the state, the due dates, the
    overdue notes, ``ref`` and the guards ``_move`` and ``check``)."""

    if TYPE_CHECKING:
        state: str
        respond_by: date
        rectify_by: date
        overdue: list[tuple[str, str]]

        def ref(self) -> Ref: ...
        def _move(self, command: str) -> None: ...
        def check(self, command: str) -> None: ...

    def extend(self, deadline: Deadline, due: date, reason: str, today: date) -> None:
        """Move a deadline later (延期), with the reason."""
        self.check(f"extend_{Deadline(deadline).value}")
        if due <= self.due(deadline) or due < today:
            raise InvalidDeadline("a new deadline must be later than the current one and today")
        if deadline == Deadline.respond and due > self.rectify_by:
            raise InvalidDeadline("the response cannot fall due after the rectification")
        self.trigger_event(
            self.DeadlineExtended,
            ref=self.ref(),
            deadline=Deadline(deadline),
            due=due,
            reason=reason,
        )

    class DeadlineExtended(Aggregate.Event):
        ref: Ref
        deadline: Deadline
        due: date
        reason: str

        def apply(self, aggregate: Deadlines) -> None:
            aggregate._move(f"extend_{Deadline(self.deadline).value}")
            if self.deadline == Deadline.respond:
                aggregate.respond_by = self.due
            else:
                aggregate.rectify_by = self.due

    def due(self, deadline: Deadline) -> date:
        """The current due date of ``deadline``."""
        return self.respond_by if deadline == Deadline.respond else self.rectify_by

    def is_overdue(self, deadline: Deadline, today: date) -> bool:
        """True when ``deadline`` has passed, is still open, and was not reported yet."""
        due = self.due(deadline)
        return (
            today > due
            and self.state in WARNING.commands[f"{Deadline(deadline).value}_overdue"][1]
            and (Deadline(deadline).value, due.isoformat()) not in self.overdue
        )

    def mark_overdue(self, deadline: Deadline, detected_on: date) -> None:
        """A deadline passed without the response or the rectification (once per deadline)."""
        self.trigger_event(
            self.Overdue,
            ref=self.ref(),
            deadline=Deadline(deadline),
            due=self.due(deadline),
            detected_on=detected_on,
        )

    class Overdue(Aggregate.Event):
        ref: Ref
        deadline: Deadline
        due: date
        detected_on: date

        def apply(self, aggregate: Deadlines) -> None:
            aggregate._move(f"{Deadline(self.deadline).value}_overdue")
            aggregate.overdue.append((Deadline(self.deadline).value, self.due.isoformat()))
