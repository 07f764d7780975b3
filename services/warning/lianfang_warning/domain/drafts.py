"""What a use case is given: a signal as received, a warning to issue, a disposal record."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from lianfang_warning.domain.errors import UnknownReference
from lianfang_warning.domain.vocab import Channel, Severity


class ReporterNotAllowed(UnknownReference):
    """A reporter's identity belongs to whistleblowing (信访举报) reports only."""


@dataclass(frozen=True)
class SignalDraft:
    """A signal as the office records it (its identity, if any, travels separately)."""

    channel: Channel
    received_on: date
    summary: str
    content: str
    source_ref: str = ""
    department_ids: list[UUID] = field(default_factory=list)
    person_ids: list[UUID] = field(default_factory=list)
    risk_point_ids: list[UUID] = field(default_factory=list)
    attachments: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class WarningDraft:
    """A warning as the office words it: what it discloses to the department."""

    department_id: UUID
    summary: str
    content: str
    requirements: str = ""
    person_ids: list[UUID] = field(default_factory=list)
    severity: Severity | None = None
    risk_point_ids: list[UUID] | None = None
    respond_by: date | None = None
    rectify_by: date | None = None


@dataclass(frozen=True)
class DisposalRecord:
    """The department's part of annex 7 (廉洁风险预警处置记录)."""

    cause: str
    measures_taken: str
    result: str
    completed_on: date
    department_opinion: str = ""

    def to_event(self) -> dict[str, Any]:
        """As stored in the event."""
        return {
            "cause": self.cause,
            "measures_taken": self.measures_taken,
            "result": self.result,
            "completed_on": self.completed_on,
            "department_opinion": self.department_opinion,
        }
