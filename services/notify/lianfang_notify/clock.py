"""The time as notify sees it: one clock for deadlines, retries and digests.

Tests move it forward (``CLOCK.advance``) instead of sleeping until a reminder falls due.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class Clock:
    """Wall-clock time in UTC, plus an offset that only tests change."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        """The current time (aware, UTC)."""
        return datetime.now(UTC) + self.offset

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward by ``delta``."""
        self.offset += delta

    def reset(self) -> None:
        """Back to the wall clock."""
        self.offset = timedelta(0)


CLOCK = Clock()
