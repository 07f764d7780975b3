"""Base of every service's eventsourcing Application."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Recording

from lianfang_shared.projection import note_saved


class ServiceApplication(Application[UUID]):
    """An Application that tells its listeners (the relay) after each save."""

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        self.listeners: list[Callable[[], None]] = []

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        super()._notify(recordings)
        if recordings:
            note_saved(recordings[-1].notification.id)
        for listener in self.listeners:
            listener()
