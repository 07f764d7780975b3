"""The time as review sees it: one clock for due dates, publicity periods and overdue checks.

Tests move it forward (``CLOCK.advance``) instead of waiting weeks for a briefing to fall due.
"""

from lianfang_shared.clock import Clock

__all__ = ["CLOCK", "Clock"]

CLOCK = Clock()
