"""Base of every service's eventsourcing Application."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Recording, Transcoder

from lianfang_shared.errors import ChangedConcurrently, DomainError, NotFound
from lianfang_shared.read_your_writes import note_saved
from lianfang_shared.transcoding import DateAsISO, StoredJSON

A = TypeVar("A")


class ServiceApplication(Application[UUID]):
    """An Application that stores dates, loads and saves with domain errors, and tells its
    listeners (the relay) after each save."""

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        self.listeners: list[Callable[[], None]] = []

    def construct_transcoder(self) -> Transcoder:
        """Events written as eventsourcing writes them, read faster (``transcoding.py``)."""
        transcoder = StoredJSON()
        self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def load(self, cls: type[A], aggregate_id: UUID, missing: type[NotFound]) -> A:
        """The aggregate of type ``cls``, or ``missing``."""
        try:
            aggregate: object = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise missing(f"{cls.__name__.lower()} {aggregate_id} not found") from None
        if not isinstance(aggregate, cls):
            raise missing(f"{cls.__name__.lower()} {aggregate_id} not found")
        return aggregate

    def store(self, *aggregates: Any, exists: DomainError | None = None) -> None:
        """Save in one transaction; a clash is ``exists`` for new aggregates, else
        ChangedConcurrently (409, read it again and retry)."""
        try:
            self.save(*aggregates)
        except IntegrityError:
            if exists is not None:
                raise exists from None
            raise ChangedConcurrently("changed concurrently; read it again and retry") from None

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        super()._notify(recordings)
        if recordings:
            note_saved(recordings[-1].notification.id, {type(r.domain_event) for r in recordings})
        for listener in self.listeners:
            listener()
