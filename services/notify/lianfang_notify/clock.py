"""The time as notify sees it: one clock for deadlines, retries and digests.

Tests move it forward (``CLOCK.advance``) instead of sleeping until a reminder falls due.
"""

from lianfang_shared.clock import Clock

__all__ = ["CLOCK", "Clock"]

CLOCK = Clock()
