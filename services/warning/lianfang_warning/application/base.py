"""What every warning use case shares: loading, saving, dates in events, the replicas, the clock."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from lianfang_shared.application import ServiceApplication
from lianfang_warning.clock import CLOCK
from lianfang_warning.config import WarningSettings
from lianfang_warning.domain.case import Case
from lianfang_warning.domain.errors import (
    CaseNotFound,
    OutsideOwnDepartment,
    SignalNotFound,
    WarningNotFound,
)
from lianfang_warning.domain.signal import Signal
from lianfang_warning.domain.warning import RiskWarning
from lianfang_warning.org.lookups import Org
from lianfang_warning.vault import IdentityVault


class WarningBase(ServiceApplication):
    """Loading and saving with domain errors; the replicas, the vault and the clock."""

    org: Org
    vault: IdentityVault
    settings: WarningSettings

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        # Built here so that a warning service without a proper key refuses to start.
        self.vault = IdentityVault(WarningSettings().keys())

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
