"""A progress bar on stderr: how far through the log, and events per second (one line per
update when the stream is not a terminal)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Reports how far a long job is, and how fast it goes."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label = label
        self.total = max(total, 0)
        self.stream = stream or sys.stderr
        self.done = 0
        self.events = 0
        self.started = time.monotonic()
        self._shown = 0.0
        self._tty = self.stream.isatty()

    @property
    def rate(self) -> float:
        """Events per second so far."""
        elapsed = time.monotonic() - self.started
        return self.events / elapsed if elapsed > 0 else 0.0

    def update(self, done: int, events: int | None = None) -> None:
        """Record how far (a log position) and how many events so far; redraw now and then."""
        self.done = done
        self.events = done if events is None else events
        now = time.monotonic()
        if now - self._shown >= (0.2 if self._tty else 2.0):
            self._shown = now
            self._draw()

    def finish(self) -> None:
        """Draw the final state and end the line."""
        self._draw()
        if self._tty:
            self.stream.write("\n")
        self.stream.flush()

    def _draw(self) -> None:
        share = self.done / self.total if self.total else 1.0
        bar = "#" * int(share * 30)
        text = (
            f"{self.label} [{bar:<30}] position {self.done:,}/{self.total:,} {share:4.0%} "
            f"{self.events:,} events {self.rate:,.0f} events/s"
        )
        self.stream.write(("\r" + text) if self._tty else text + "\n")
        self.stream.flush()
