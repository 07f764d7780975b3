"""What the current request has saved, so that it reads its own writes: it waits only for the
projections that its events change, and only as far as its latest save (``Service.settle``)."""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Saved:
    """What the current context (one request) has saved: the log position of its latest save
    and the classes of every event it saved, so that it waits only for the projections
    those events change."""

    position: int = 0
    classes: frozenset[type] = frozenset()


_saved: ContextVar[Saved | None] = ContextVar("lianfang_saved", default=None)


def note_saved(position: int, classes: Iterable[type]) -> None:
    """Remember a save of the caller's (called by ServiceApplication)."""
    before = saved()
    _saved.set(Saved(max(before.position, position), before.classes | frozenset(classes)))


def forget_saved() -> None:
    """Start the current context with nothing saved (each HTTP request, in its own task)."""
    _saved.set(None)


def saved() -> Saved:
    """What the current context has saved so far."""
    return _saved.get() or Saved()
