"""Fixtures of the review tests: registry and review on real HTTP, PostgreSQL and Kafka."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from lianfang_shared.settings import PlatformSettings
from tests.support import System, running


@pytest.fixture
async def system(platform: PlatformSettings) -> AsyncIterator[System]:
    """The registry and the review service, running (review consumes the registry)."""
    async with running(platform, ["registry", "review"]) as s:
        yield s
