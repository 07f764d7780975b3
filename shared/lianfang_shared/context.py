"""Who is acting: carried from the HTTP request into the events it causes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from opentelemetry import propagate

_actor: ContextVar[str] = ContextVar("lianfang_actor", default="system")


def current_actor() -> str:
    """The user id of whoever caused the current work ("system" when nobody did)."""
    return _actor.get()


def set_actor(actor: str) -> None:
    """Attribute the rest of the current task's work to ``actor`` (one request = one task)."""
    _actor.set(actor)


@contextmanager
def acting_as(actor: str) -> Iterator[None]:
    """Attribute events saved inside the block to ``actor``."""
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def event_meta() -> dict[str, str]:
    """Metadata stored with every domain event: actor and W3C trace context."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return {"actor": current_actor(), **carrier}
