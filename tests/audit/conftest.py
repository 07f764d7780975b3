"""Fixtures of the audit tests: the registry running on real HTTP, PostgreSQL and Kafka."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from lianfang_shared.settings import PlatformSettings
from tests.support import System, running


@pytest.fixture
async def registry(platform: PlatformSettings) -> AsyncIterator[System]:
    """The registry service, running."""
    async with running(platform, ["registry"]) as system:
        yield system
