"""What the unit tests of the intake share."""

from __future__ import annotations

import asyncio
from typing import Any

from lianfang_shared.intake import Intake
from lianfang_shared.settings import PlatformSettings


def bare_intake(settings: PlatformSettings, broker: Any = None) -> Intake:
    """An intake of group ``g`` on the registry's events, with no consumer, database or
    connection behind it; ``broker``: one to subscribe on (unconnected)."""
    return Intake(
        consumer=None,  # type: ignore[arg-type]
        broker=broker,
        outlet=None,  # type: ignore[arg-type]
        settings=settings,
        group_id="g",
        upstreams=["registry"],
        stopping=asyncio.Event(),
    )
