"""Signal (预警信息): one piece of early-warning information, from one of the 13 channels."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from lianfang_warning.domain.errors import AnonymousReport
from lianfang_warning.domain.vocab import Channel


class Signal(Aggregate):
    """A received signal; a whistleblower's identity is held only in sealed form."""

    @event("Received")
    def __init__(
        self,
        id: UUID,
        case_id: UUID,
        channel: Channel,
        received_on: date,
        summary: str,
        content: str,
        source_ref: str,
        department_ids: list[UUID],
        person_ids: list[UUID],
        risk_point_ids: list[UUID],
        attachments: list[dict[str, Any]],
        reporter_sealed: str | None,
    ) -> None:
        self.case_id = case_id
        self.channel = Channel(channel)
        self.received_on = received_on
        self.summary = summary
        self.content = content
        self.source_ref = source_ref
        self.department_ids = list(department_ids)
        self.person_ids = list(person_ids)
        self.risk_point_ids = list(risk_point_ids)
        self.attachments = list(attachments)
        self.reporter_sealed = reporter_sealed
        self.identity_reads = 0

    @property
    def anonymous(self) -> bool:
        """True when no identity was recorded."""
        return self.reporter_sealed is None

    @event("MovedToCase")
    def move_to(self, case_id: UUID, from_case_id: UUID) -> None:
        """The signal now belongs to another case (duplicates linked into one)."""
        self.case_id = case_id

    def check_identity(self) -> str:
        """The sealed identity; AnonymousReport when there is none."""
        if self.reporter_sealed is None:
            raise AnonymousReport("the report was made anonymously: no identity was recorded")
        return self.reporter_sealed

    @event("ReporterIdentityRead")
    def record_identity_read(self, case_id: UUID, reason: str) -> None:
        """Somebody (the event's actor) read the reporter's identity, and why."""
        self.identity_reads += 1
