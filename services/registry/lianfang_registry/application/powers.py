"""Use cases of the power catalogue (职权目录) and the responsibility list (权力和责任清单).

``scope`` is the department a caller is limited to (a department head's own), None for the
office; a power of another department raises OutsideOwnDepartment (403).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from lianfang_registry.application.people import PeopleCases
from lianfang_registry.domain.power import Power, PowerExists, PowerNotFound
from lianfang_registry.domain.vocab import PowerStatus
from lianfang_shared.persistence import META_KEY, event_metadata

_ENVELOPE_ATTRS = {"originator_id", "originator_version", "originator_topic", "timestamp", META_KEY}


class PowerCases(PeopleCases):
    """Registering, amending, activating and retiring powers; responsibility items."""

    def register_power(
        self,
        department_id: UUID,
        code: str,
        details: dict[str, str],
        scope: UUID | None = None,
        activate: bool = False,
    ) -> UUID:
        """Catalogue a power of a department (draft, or in force at once)."""
        self.check_scope(department_id, scope)
        self.get_department(department_id)
        status = PowerStatus.active if activate else PowerStatus.draft
        power = Power.register(department_id, code, details, status)
        self.store(power, exists=PowerExists(f"the department has a power {code!r} already"))
        return power.id

    def amend_power(
        self, power_id: UUID, changes: dict[str, str], reason: str, scope: UUID | None = None
    ) -> int:
        """A new revision of a power; returns the revision number."""
        power = self.power_in_scope(power_id, scope)
        power.amend(changes, reason)
        self.store(power)
        return power.revision

    def activate_power(self, power_id: UUID, scope: UUID | None = None) -> None:
        """Put a draft power in force."""
        power = self.power_in_scope(power_id, scope)
        power.activate()
        self.store(power)

    def retire_power(self, power_id: UUID, reason: str, scope: UUID | None = None) -> None:
        """Retire a power; its history stays readable."""
        power = self.power_in_scope(power_id, scope)
        power.retire(reason)
        self.store(power)

    def add_responsibility(
        self, power_id: UUID, description: str, post_id: UUID, scope: UUID | None = None
    ) -> UUID:
        """A responsibility item of a power and the post accountable for it."""
        power = self.power_in_scope(power_id, scope)
        self.get_post(post_id)
        item_id = uuid4()
        power.add_item(item_id, description, post_id)
        self.store(power)
        return item_id

    def remove_responsibility(
        self, power_id: UUID, item_id: UUID, scope: UUID | None = None
    ) -> None:
        """Drop a responsibility item."""
        power = self.power_in_scope(power_id, scope)
        power.remove_item(item_id)
        self.store(power)

    def get_power(self, power_id: UUID, version: int | None = None) -> Power:
        """The power (at an aggregate version if given), or PowerNotFound."""
        power = self.load(Power, power_id, PowerNotFound)
        if version is not None and version != power.version:
            if not 1 <= version < power.version:
                raise PowerNotFound(f"power {power_id} has no version {version}")
            power = self.repository.get(power_id, version=version)
        return power

    def power_history(self, power_id: UUID) -> list[dict[str, Any]]:
        """Every change of a power: what, when, who (for auditors)."""
        self.get_power(power_id)
        return [
            {
                "version": e.originator_version,
                "event": type(e).__name__,
                "at": e.timestamp,
                "actor": event_metadata(e).get("actor", "system"),
                "data": {k: v for k, v in vars(e).items() if k not in _ENVELOPE_ATTRS},
            }
            for e in self.repository.event_store.get(power_id)
        ]

    def power_in_scope(self, power_id: UUID, scope: UUID | None) -> Power:
        """The power, if the caller may change it."""
        power = self.get_power(power_id)
        self.check_scope(power.department_id, scope)
        return power
