"""Fixtures of the warning tests: registry and warning on real HTTP, PostgreSQL and Kafka, the
seed's factory registered, and review's risk points published as review would publish them."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import pytest

from lianfang_shared.embedded import TansuBroker
from lianfang_shared.settings import PlatformSettings
from lianfang_warning.clock import CLOCK
from tests.support import System, fresh_database, platform_for, running
from tests.warning.helpers import World, build_world


@pytest.fixture(autouse=True)
def wall_clock() -> Iterator[None]:
    """Every test starts (and leaves) the warning service's clock on the wall clock."""
    CLOCK.reset()
    yield
    CLOCK.reset()


@pytest.fixture
async def system(
    platform: PlatformSettings, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[System]:
    """Registry and warning running; the overdue scan looks often."""
    monkeypatch.setenv("LIANFANG_WARNING_OVERDUE_SCAN_INTERVAL", "0.2")
    async with running(platform, ["registry", "warning"]) as s:
        yield s


@pytest.fixture
async def world(system: System) -> World:
    """The factory's organisation and two graded procurement risk points, known to warning."""
    return await build_world(system)


@pytest.fixture(scope="module")
async def shared(postgres_admin: str, kafka: TansuBroker) -> AsyncIterator[tuple[System, World]]:
    """One running system and world for a module whose tests only add to it."""
    with fresh_database(postgres_admin) as url:
        platform = platform_for(url, kafka.bootstrap, f"t{uuid.uuid4().hex[:8]}")
        async with running(platform, ["registry", "warning"]) as s:
            yield s, await build_world(s)
