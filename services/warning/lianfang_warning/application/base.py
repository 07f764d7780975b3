"""What every warning use case shares: loading, saving, dates in events, the replicas, the clock."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Transcoding

from lianfang_shared.application import ServiceApplication
from lianfang_shared.errors import NotFound
from lianfang_warning.clock import CLOCK
from lianfang_warning.config import WarningSettings
from lianfang_warning.domain.case import Case
from lianfang_warning.domain.errors import (
    CaseNotFound,
    ChangedConcurrently,
    OutsideOwnDepartment,
    SignalNotFound,
    WarningNotFound,
)
from lianfang_warning.domain.signal import Signal
from lianfang_warning.domain.warning import RiskWarning
from lianfang_warning.org.lookups import Org
from lianfang_warning.vault import IdentityVault

A = TypeVar("A")


class DateAsISO(Transcoding):
    """Dates (``date``) in stored events, as ISO strings."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class WarningBase(ServiceApplication):
    """Loading and saving with domain errors; the replicas, the vault and the clock."""

    org: Org
    vault: IdentityVault
    settings: WarningSettings

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        # Built here so that a warning service without a proper key refuses to start.
        self.vault = IdentityVault(WarningSettings().keys())

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def attach(self, org: Org, settings: WarningSettings) -> None:
        """Give the use cases the replicas and the service's settings (once)."""
        self.org, self.settings = org, settings

    @property
    def attached(self) -> bool:
        """True once ``attach`` was called."""
        return hasattr(self, "org")

    def today(self) -> date:
        """Today in the service's time zone (by the service's clock)."""
        return CLOCK.today(self.settings.zone)

    def load(self, cls: type[A], aggregate_id: UUID, missing: type[NotFound]) -> A:
        """The aggregate of type ``cls``, or ``missing``."""
        try:
            aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise missing(f"{cls.__name__.lower()} {aggregate_id} not found") from None
        if not isinstance(aggregate, cls):
            raise missing(f"{cls.__name__.lower()} {aggregate_id} not found")
        return aggregate

    def get_signal(self, signal_id: UUID) -> Signal:
        """The signal, or SignalNotFound."""
        return self.load(Signal, signal_id, SignalNotFound)

    def get_case(self, case_id: UUID) -> Case:
        """The case, or CaseNotFound."""
        return self.load(Case, case_id, CaseNotFound)

    def get_warning(self, warning_id: UUID, scope: UUID | None = None) -> RiskWarning:
        """The warning, or WarningNotFound; a department head sees their department's only."""
        warning = self.load(RiskWarning, warning_id, WarningNotFound)
        if scope is not None and warning.department_id != scope:
            raise OutsideOwnDepartment("this warning was issued to another department")
        return warning

    def store(self, *aggregates: Any) -> None:
        """Save in one transaction; a concurrent change becomes ChangedConcurrently (409)."""
        try:
            self.save(*aggregates)
        except IntegrityError:
            raise ChangedConcurrently("changed concurrently; read it again and retry") from None
