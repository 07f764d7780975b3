"""A service process started while PostgreSQL is away (restarting, or not up yet as pods start
in any order) waits for it instead of exiting, then starts as usual."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from lianfang_shared.cli import load_spec
from lianfang_shared.embedded import TansuBroker
from lianfang_shared.service import Service
from tests.faults.cluster import PrivatePostgres
from tests.support import platform_for

pytestmark = pytest.mark.integration


async def test_a_service_started_while_postgres_is_away_waits_for_it(
    tmp_path: Path, kafka: TansuBroker
) -> None:
    postgres = PrivatePostgres(tmp_path)
    url = postgres.start()
    service = Service(load_spec("registry"), platform_for(url, kafka.bootstrap, "pgaway"))
    try:
        await asyncio.to_thread(postgres.down)
        starting = asyncio.create_task(service.start())
        await asyncio.sleep(3)
        assert not starting.done()  # waiting, not failed

        await asyncio.to_thread(postgres.up)
        await asyncio.wait_for(starting, timeout=60)
        assert (await service.ready())["store"] is True
        department = await asyncio.to_thread(service.app.create_department, "PG", "部门")
        assert department
    finally:
        await service.stop()
        postgres.stop()
