"""The time as the warning service sees it: one clock for deadlines and overdue detection.

Tests move it forward (``CLOCK.advance``) instead of waiting days for a deadline to pass.
"""

from lianfang_shared.clock import Clock

__all__ = ["CLOCK", "Clock"]

CLOCK = Clock()
