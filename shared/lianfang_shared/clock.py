"""The time as a service sees it: wall-clock UTC plus an offset that only tests move.

Each service keeps its own ``CLOCK = Clock()`` so a test can move one service's time
(``CLOCK.advance``) instead of waiting days for a deadline to pass.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo


class Clock:
    """Wall-clock time in UTC, plus an offset that only tests change."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        """The current time (aware, UTC)."""
        return datetime.now(UTC) + self.offset

    def today(self, zone: tzinfo) -> date:
        """The current date in ``zone``."""
        return self.now().astimezone(zone).date()

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward by ``delta``."""
        self.offset += delta

    def reset(self) -> None:
        """Back to the wall clock."""
        self.offset = timedelta(0)
