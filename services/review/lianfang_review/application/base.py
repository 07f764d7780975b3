"""What every review use case shares: loading, saving, dates in events, the organisation."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Transcoding

from lianfang_review.domain.errors import ChangedConcurrently, RiskPointNotFound
from lianfang_review.domain.risk_point import RiskPoint
from lianfang_review.org.directory import Directory
from lianfang_shared.application import ServiceApplication
from lianfang_shared.errors import NotFound
from lianfang_shared.persistence import Database

A = TypeVar("A")
# Attributes every domain event has; the rest is what the event says.
ENVELOPE_ATTRS = {"originator_id", "originator_version", "timestamp", "_meta"}


class DateAsISO(Transcoding):
    """Dates (``date``) in stored events, as ISO strings."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class ReviewBase(ServiceApplication):
    """Loading and saving with domain errors; the organisation replica once attached."""

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        self._directory: Directory | None = None

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def attach(self, db: Database) -> None:
        """Give the use cases the service's database (the organisation replica)."""
        if self._directory is None:
            self._directory = Directory(db)

    @property
    def org(self) -> Directory:
        """Look-ups in review's copy of the organisation."""
        if self._directory is None:
            raise RuntimeError("the review application is not attached to its database")
        return self._directory

    def load(self, cls: type[A], aggregate_id: UUID, missing: type[NotFound]) -> A:
        """The aggregate of type ``cls``, or ``missing``."""
        try:
            aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise missing(f"{cls.__name__.lower()} {aggregate_id} not found") from None
        if not isinstance(aggregate, cls):
            raise missing(f"{cls.__name__.lower()} {aggregate_id} not found")
        return aggregate

    def get_point(self, point_id: UUID, version: int | None = None) -> RiskPoint:
        """The risk point (as it was at ``version`` if given), or RiskPointNotFound."""
        point = self.load(RiskPoint, point_id, RiskPointNotFound)
        if version is not None and version != point.version:
            if not 1 <= version < point.version:
                raise RiskPointNotFound(f"risk point {point_id} has no version {version}")
            point = self.repository.get(point_id, version=version)
        return point

    def store(self, *aggregates: Any) -> None:
        """Save in one transaction; a clash means someone else changed it meanwhile."""
        try:
            self.save(*aggregates)
        except IntegrityError:
            raise ChangedConcurrently("changed concurrently; read it again and retry") from None

    def events_of(self, aggregate_id: UUID) -> list[Any]:
        """Every stored event of an aggregate, oldest first."""
        return list(self.repository.event_store.get(aggregate_id))
