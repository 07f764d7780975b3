"""Use cases of intake: record a signal (one or a spreadsheet), link duplicates, assign."""

from __future__ import annotations

import logging
from dataclasses import replace
from uuid import UUID, uuid4

from lianfang_warning.application.base import WarningBase
from lianfang_warning.domain.case import Case
from lianfang_warning.domain.drafts import ReporterNotAllowed, SignalDraft
from lianfang_warning.domain.errors import InvalidDate
from lianfang_warning.domain.imports import ImportRejected, RowProblem, SignalRow
from lianfang_warning.domain.lifecycle import InvalidTransition
from lianfang_warning.domain.signal import Signal
from lianfang_warning.domain.vocab import Channel
from lianfang_warning.vault import Reporter

log = logging.getLogger(__name__)


class IntakeCases(WarningBase):
    """Signals in, cases formed."""

    def record_signal(
        self,
        draft: SignalDraft,
        reporter: Reporter | None,
        actor: str,
        case_id: UUID | None = None,
        assignees: list[str] | None = None,
    ) -> tuple[UUID, UUID]:
        """Record a signal in a new case (or an existing one); return (signal id, case id)."""
        if reporter is not None and draft.channel != Channel.whistleblowing:
            raise ReporterNotAllowed("a reporter's identity is recorded for 信访举报 reports only")
        self._check_received(draft)
        self.org.check_known(draft.department_ids, draft.person_ids, draft.risk_point_ids)
        signal_id = uuid4()
        sealed = self.vault.seal(reporter, signal_id) if reporter is not None else None
        if case_id is None:
            case = Case(
                id=uuid4(),
                title=draft.summary,
                signal_id=signal_id,
                assignees=[actor, *(assignees or [])],
            )
        else:
            case = self.get_case(case_id)
            case.add_signal(signal_id, None)
        signal = Signal(id=signal_id, case_id=case.id, **_fields(draft), reporter_sealed=sealed)
        self.store(signal, case)
        log.info("signal %s recorded (%s) in case %s", signal.id, draft.channel.value, case.id)
        return signal.id, case.id

    def import_signals(
        self, rows: list[SignalRow], problems: list[RowProblem], actor: str
    ) -> list[UUID]:
        """Record every row's signal, each in a new case, in one save; or none (ImportRejected)."""
        departments = self.org.departments_by_key()
        persons = self.org.persons_by_staff_no()
        problems = list(problems)
        drafts = []
        for r in rows:
            unknown_d = [d for d in r.departments if d not in departments]
            unknown_p = [p for p in r.staff_nos if p not in persons]
            problems += [
                RowProblem(r.row, "departments", "unknown_department", {"value": d})
                for d in unknown_d
            ]
            problems += [
                RowProblem(r.row, "persons", "unknown_person", {"value": p}) for p in unknown_p
            ]
            if r.draft is None:
                continue
            if r.draft.received_on > self.today():
                problems.append(RowProblem(r.row, "received_on", "future"))
            drafts.append(
                replace(
                    r.draft,
                    department_ids=[departments[d] for d in r.departments if d in departments],
                    person_ids=[persons[p] for p in r.staff_nos if p in persons],
                )
            )
        if problems:
            raise ImportRejected(problems)
        aggregates: list[Signal | Case] = []
        for draft in drafts:
            signal_id, case_id = uuid4(), uuid4()
            aggregates.append(
                Case(id=case_id, title=draft.summary, signal_id=signal_id, assignees=[actor])
            )
            aggregates.append(
                Signal(id=signal_id, case_id=case_id, **_fields(draft), reporter_sealed=None)
            )
        self.store(*aggregates)
        log.info("%d signals imported", len(drafts))
        return [a.id for a in aggregates if isinstance(a, Signal)]

    def merge_cases(self, target_id: UUID, source_id: UUID, actor: str) -> None:
        """Link a duplicate case into ``target_id``: its signals and handlers move there."""
        if target_id == source_id:
            raise InvalidTransition("a case cannot be merged into itself")
        target, source = self.get_case(target_id), self.get_case(source_id)
        source.check_assigned(actor)
        target.check("add_signal")
        source.merge_into(target.id)
        signals = [self.get_signal(s) for s in source.signal_ids]
        for signal in signals:
            signal.move_to(target.id, source.id)
            target.add_signal(signal.id, source.id)
        handlers = list(dict.fromkeys([*target.assignees, *source.assignees]))
        if handlers != target.assignees:
            target.assign(handlers)
        self.store(target, source, *signals)

    def assign(self, case_id: UUID, assignees: list[str], actor: str) -> None:
        """Set who handles the case; only a current handler may change it."""
        case = self.get_case(case_id)
        case.check_assigned(actor)
        case.assign(assignees)
        self.store(case)

    def _check_received(self, draft: SignalDraft) -> None:
        if draft.received_on > self.today():
            raise InvalidDate(f"a signal cannot be received after today ({self.today()})")


def _fields(draft: SignalDraft) -> dict[str, object]:
    return {
        "channel": draft.channel,
        "received_on": draft.received_on,
        "summary": draft.summary,
        "content": draft.content,
        "source_ref": draft.source_ref,
        "department_ids": draft.department_ids,
        "person_ids": draft.person_ids,
        "risk_point_ids": draft.risk_point_ids,
        "attachments": draft.attachments,
    }
