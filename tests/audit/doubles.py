"""A stand-in service with an event log, for stories that need a second service (the real
review and warning services are being built): signals that name a power, and their notes."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.domain import Aggregate, event
from fastapi import APIRouter
from pydantic_settings import SettingsConfigDict

from lianfang_shared.application import ServiceApplication
from lianfang_shared.projection import Projection
from lianfang_shared.service import ServiceSpec
from lianfang_shared.settings import ServiceSettings


class Signal(Aggregate):
    """An early-warning signal about a power."""

    @event("Raised")
    def __init__(self, power_id: UUID, channel: str, reporter: UUID) -> None:
        self.power_id = power_id
        self.channel = channel
        self.reporter = reporter
        self.notes: list[str] = []

    @event("Noted")
    def note(self, text: str) -> None:
        """Add a note (never names the power)."""
        self.notes.append(text)


class Signals(ServiceApplication):
    """The stand-in's Application."""

    name = "signals"

    def raise_signal(self, power_id: UUID, channel: str, reporter: UUID) -> UUID:
        signal = Signal(power_id, channel, reporter)
        self.save(signal)
        return signal.id

    def note(self, signal_id: UUID, text: str) -> None:
        signal: Signal = self.repository.get(signal_id)
        signal.note(text)
        self.save(signal)


def signal_list(version: int) -> Projection:
    """The read model of signals; version 2 keeps each note's priority too."""
    extra = ", last_priority text" if version == 2 else ""
    projection = Projection(
        "signal_list",
        "CREATE TABLE IF NOT EXISTS signal_list (id uuid PRIMARY KEY, power_id uuid NOT NULL, "
        f"channel text NOT NULL, notes int NOT NULL DEFAULT 0, last_note text{extra});",
    )

    @projection.on(Signal.Raised)
    def raised(conn: psycopg.Connection[Any], e: Any, _: int) -> None:
        conn.execute(
            "INSERT INTO signal_list (id, power_id, channel) VALUES (%s, %s, %s)",
            (e.originator_id, e.power_id, e.channel),
        )

    @projection.on(Signal.Noted)
    def noted(conn: psycopg.Connection[Any], e: Any, _: int) -> None:
        conn.execute(
            "UPDATE signal_list SET notes = notes + 1, last_note = %s WHERE id = %s",
            (e.text, e.originator_id),
        )
        if version == 2:
            conn.execute(
                "UPDATE signal_list SET last_priority = %s WHERE id = %s",
                (e.priority, e.originator_id),
            )

    return projection


class StandInSettings(ServiceSettings):
    """Settings of the stand-in (it takes the warning service's place and name)."""

    model_config = SettingsConfigDict(env_prefix="LIANFANG_STANDIN_", extra="ignore")
    name: str = "warning"
    db_schema: str = "standin"


def stand_in(version: int = 1) -> ServiceSpec:
    """The stand-in's spec, in the warning service's place."""
    return ServiceSpec(
        name="warning",
        settings_cls=StandInSettings,
        router=APIRouter(),
        application_cls=Signals,
        projections=(signal_list(version),),
    )
