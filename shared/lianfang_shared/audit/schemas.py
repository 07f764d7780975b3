"""Response models of the audit API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class HistoryEvent(BaseModel):
    """One event: where it is in the log, which aggregate and version, when, who, what."""

    service: str
    position: int
    aggregate_id: str
    version: int
    type: str
    at: datetime
    actor: str
    data: dict[str, Any]
    redacted: list[str]


class AggregateHistory(BaseModel):
    """Every event of one aggregate, oldest first."""

    service: str
    aggregate_id: str
    events: list[HistoryEvent]


class AggregateState(BaseModel):
    """An aggregate as it stood after ``version`` (the last one at or before ``as_of``)."""

    service: str
    aggregate_id: str
    type: str
    version: int
    as_of: datetime | None
    state: dict[str, Any]
    redacted: list[str]


class SubjectEvents(BaseModel):
    """Events of one service naming a subject (and of aggregates related to it)."""

    service: str
    subject: str
    events: list[HistoryEvent]


class Timeline(BaseModel):
    """A subject across every service, in time order; ``services`` says what each answered."""

    subject: str
    events: list[HistoryEvent]
    services: dict[str, str]


class Checkpoints(BaseModel):
    """A service's signed checkpoints and the key that verifies them."""

    service: str
    key_id: str
    public_key: str
    checkpoints: list[dict[str, Any]]
