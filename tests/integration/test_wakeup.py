"""A save in another process wakes this one's relay and projections (LISTEN/NOTIFY), so a
registry replica's commands are published and projected without waiting for a poll."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from lianfang_shared.bus import events_topic
from lianfang_shared.embedded import TansuBroker
from lianfang_shared.envelope import Envelope
from lianfang_shared.persistence import eventsourcing_env
from tests.support import eventually, platform_for, read_topic, running

pytestmark = pytest.mark.integration
NEVER = 3600.0  # a poll interval no test waits for: only a notification can wake the loops


async def test_a_save_by_another_replica_wakes_the_relay_and_the_projections(
    database_url: str, kafka: TansuBroker
) -> None:
    platform = platform_for(
        database_url, kafka.bootstrap, f"t{uuid.uuid4().hex[:8]}", store_poll_interval=NEVER
    )
    async with running(platform, ["registry"]) as s:
        service = s.services["registry"]

        def relay_idle() -> bool:
            return service.relay is not None and service.relay.position is not None

        await eventually(lambda: asyncio.sleep(0, result=relay_idle()))
        await asyncio.sleep(0.3)  # every loop is now in its long wait
        woken = service.listener.received if service.listener else 0

        other = service.spec.application_cls(
            env=eventsourcing_env(database_url, service.db.schema, 2)
        )
        try:
            department = await asyncio.to_thread(other.create_department, "WK", "唤醒部")
        finally:
            other.close()

        records = await read_topic(kafka.bootstrap, events_topic(platform, "registry"), 1)
        assert [Envelope.from_kafka(r.headers, r.value).subject for r in records] == [
            str(department)
        ]

        async def projected() -> bool:
            r = await s.http.get(
                f"/api/v1/registry/departments/{department}", headers=s.auth("admin")
            )
            return r.status_code == 200 and r.json()["name"] == "唤醒部"

        await eventually(projected)
        assert service.listener is not None and service.listener.received > woken
