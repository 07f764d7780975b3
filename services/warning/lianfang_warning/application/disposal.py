"""Use cases of disposal (处置): measures, closing a case, overdue deadlines, reading identities."""

from __future__ import annotations

import logging
from datetime import date
from uuid import UUID, uuid4

from lianfang_shared.context import acting_as
from lianfang_warning.application.rectification import RectificationCases
from lianfang_warning.domain.errors import InvalidDate, NotAssigned
from lianfang_warning.domain.lifecycle import InvalidTransition
from lianfang_warning.domain.vocab import Deadline, Measure
from lianfang_warning.vault import Reporter

log = logging.getLogger(__name__)
OVERDUE_ACTOR = "system:overdue"


class DisposalCases(RectificationCases):
    """The office's measures and closing; the clock's overdue notes; the identity, read."""

    def apply_measure(
        self,
        warning_id: UUID,
        measure: Measure,
        person_id: UUID | None,
        reason: str,
        applied_on: date | None,
        conducted_by: str,
    ) -> UUID:
        """Record a disposal measure: which, to whom, when, by whom, why."""
        warning = self.get_warning(warning_id)
        if person_id is not None:
            self.org.check_known(persons=[person_id])
        day = applied_on or self.today()
        if day > self.today():
            raise InvalidDate(f"{day} lies after today ({self.today()})")
        measure_id = uuid4()
        warning.apply_measure(measure_id, Measure(measure), person_id, reason, day, conducted_by)
        self.store(warning)
        return measure_id

    def close_case(self, case_id: UUID, summary: str) -> None:
        """Close a case whose warnings are all accepted or withdrawn; accepted ones close too."""
        case = self.get_case(case_id)
        case.check("close")
        warnings = [self.get_warning(w) for w in case.warning_ids]
        open_ = [w for w in warnings if w.state not in ("accepted", "withdrawn")]
        if open_:
            raise InvalidTransition(
                f"案件尚有 {len(open_)} 项预警未通过评估"
                f"（{len(open_)} warning(s) neither accepted nor withdrawn）"
            )
        done = [w for w in warnings if w.state == "accepted"]
        for warning in done:
            warning.close()
        case.close(summary)
        self.store(case, *done)

    def mark_overdue(self, warning_id: UUID, deadline: Deadline, today: date) -> bool:
        """Note that ``deadline`` passed unmet (once per due date); False if nothing to note."""
        warning = self.get_warning(warning_id)
        if not warning.is_overdue(deadline, today):
            return False
        with acting_as(OVERDUE_ACTOR):
            warning.mark_overdue(deadline, today)
            self.store(warning)
        log.info(
            "warning %s: %s deadline %s passed", warning.id, deadline.value, warning.due(deadline)
        )
        return True

    def read_reporter(self, signal_id: UUID, reason: str, user_id: str) -> Reporter:
        """The reporter's identity, for a handler assigned to the case; the read is recorded."""
        signal = self.get_signal(signal_id)
        case = self.get_case(signal.case_id)
        try:
            case.check_assigned(user_id)
        except NotAssigned:
            log.warning("identity of signal %s refused to %s (not assigned)", signal.id, user_id)
            raise
        reporter = self.vault.open(signal.check_identity(), signal.id)
        signal.record_identity_read(case.id, reason)
        self.store(signal)
        log.info("identity of signal %s read by %s", signal.id, user_id)
        return reporter
