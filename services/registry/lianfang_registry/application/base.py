"""What every registry use case shares: loading, saving, dates in events, department scope."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Transcoding

from lianfang_registry.domain.errors import ChangedConcurrently, OutsideOwnDepartment
from lianfang_shared.application import ServiceApplication
from lianfang_shared.errors import DomainError, NotFound

A = TypeVar("A")


class DateAsISO(Transcoding):
    """Effective dates (``date``) in stored events, as ISO strings."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class RegistryBase(ServiceApplication):
    """Loading and saving with domain errors instead of library errors."""

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def load(self, cls: type[A], aggregate_id: UUID, missing: type[NotFound]) -> A:
        """The aggregate of type ``cls``, or ``missing``."""
        try:
            aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise missing(f"{cls.__name__.lower()} {aggregate_id} not found") from None
        if not isinstance(aggregate, cls):
            raise missing(f"{cls.__name__.lower()} {aggregate_id} not found")
        return aggregate

    def store(self, *aggregates: Any, exists: DomainError | None = None) -> None:
        """Save in one transaction; a clash is ``exists`` for new aggregates, else a retry."""
        try:
            self.save(*aggregates)
        except IntegrityError:
            if exists is not None:
                raise exists from None
            raise ChangedConcurrently("changed concurrently; read it again and retry") from None

    @staticmethod
    def check_scope(department_id: UUID, scope: UUID | None) -> None:
        """A caller limited to ``scope`` (a department head) acts on that department only."""
        if scope is not None and department_id != scope:
            raise OutsideOwnDepartment("you may change your own department's powers only")
