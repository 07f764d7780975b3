"""What every review use case shares: loading, saving, dates in events, the organisation."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from lianfang_review.domain.errors import RiskPointNotFound
from lianfang_review.domain.risk_point import RiskPoint
from lianfang_review.org.directory import Directory
from lianfang_shared.application import ServiceApplication
from lianfang_shared.persistence import Database

# Attributes every domain event has; the rest is what the event says.
ENVELOPE_ATTRS = {"originator_id", "originator_version", "timestamp", "_meta"}


class ReviewBase(ServiceApplication):
    """Loading and saving with domain errors; the organisation replica once attached."""

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        self._directory: Directory | None = None

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

    def get_point(self, point_id: UUID, version: int | None = None) -> RiskPoint:
        """The risk point (as it was at ``version`` if given), or RiskPointNotFound."""
        point = self.load(RiskPoint, point_id, RiskPointNotFound)
        if version is not None and version != point.version:
            if not 1 <= version < point.version:
                raise RiskPointNotFound(f"risk point {point_id} has no version {version}")
            point = self.repository.get(point_id, version=version)
        return point

    def events_of(self, aggregate_id: UUID) -> list[Any]:
        """Every stored event of an aggregate, oldest first."""
        return list(self.repository.event_store.get(aggregate_id))
