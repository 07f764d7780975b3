"""Story: the broker is wiped mid-flow; every consumer still ends with every effect once."""

from __future__ import annotations

import asyncio

import pytest
from aiokafka.admin import AIOKafkaAdminClient

from lianfang_shared.bus import TopicGuard
from lianfang_shared.embedded import TansuBroker
from lianfang_shared.settings import PlatformSettings
from tests.support import System, eventually, running

pytestmark = pytest.mark.integration


async def create(s: System, start: int, count: int) -> None:
    for i in range(start, start + count):
        r = await s.http.post(
            "/api/v1/registry/departments",
            json={"code": f"W{i:03d}", "name": f"部门{i}"},
            headers=s.auth("admin"),
        )
        assert r.status_code == 201, r.text


def counts(s: System) -> dict[str, int]:
    """Effects in review and notify, and their inbox records of registry events."""
    out = {}
    with s.services["review"].db.transaction() as conn:
        out["review departments"] = conn.execute(
            "SELECT count(*) AS n FROM departments"
        ).fetchone()["n"]
        out["review inbox"] = conn.execute("SELECT count(*) AS n FROM inbox").fetchone()["n"]
    with s.services["notify"].db.transaction() as conn:
        out["notifications"] = conn.execute("SELECT count(*) AS n FROM notifications").fetchone()[
            "n"
        ]
        out["notify inbox"] = conn.execute("SELECT count(*) AS n FROM inbox").fetchone()["n"]
    return out


async def test_broker_wiped_mid_flow(platform: PlatformSettings, own_kafka: TansuBroker) -> None:
    platform = platform.model_copy(
        update={"kafka_bootstrap_servers": own_kafka.bootstrap, "catchup_interval": 2.0}
    )
    async with running(platform, ["registry", "review", "notify"]) as s:
        await create(s, 0, 10)
        done = {
            "review departments": 10,
            "review inbox": 10,
            "notifications": 20,
            "notify inbox": 10,
        }
        await eventually(lambda: asyncio.to_thread(lambda: counts(s) == done), timeout=60)

        writer = asyncio.create_task(create(s, 10, 20))
        await asyncio.sleep(0.3)
        own_kafka.restart()  # memory-only: every topic, message, group and offset is gone
        await writer
        await create(s, 30, 10)

        done = {
            "review departments": 40,
            "review inbox": 40,
            "notifications": 80,
            "notify inbox": 40,
        }
        await eventually(lambda: asyncio.to_thread(lambda: counts(s) == done), timeout=120)
        await asyncio.sleep(3)  # late redeliveries must change nothing
        assert counts(s) == done
        r = await s.http.get("/readyz")
        assert r.status_code == 200, r.text


async def test_topic_guard_finds_a_wiped_topic_and_creates_nothing_else(
    platform: PlatformSettings, own_kafka: TansuBroker
) -> None:
    """The relay's check before and after each batch: only the guarded topics are asked for,
    a lost one is made again, and asking never makes a topic."""
    platform = platform.model_copy(update={"kafka_bootstrap_servers": own_kafka.bootstrap})
    guarded = f"{platform.topic_prefix}.a"
    guard = TopicGuard(platform, [guarded])
    admin = AIOKafkaAdminClient(bootstrap_servers=own_kafka.bootstrap)
    await admin.start()
    try:
        assert await guard.ensure() is True  # created
        assert await guard.ensure() is False
        described = await admin.describe_topics([guarded])
        assert len(described[0]["partitions"]) == platform.kafka_partitions

        own_kafka.restart()  # every topic gone; the guard's connection too
        await guard.close()
        await admin.close()
        admin = AIOKafkaAdminClient(bootstrap_servers=own_kafka.bootstrap)
        await admin.start()
        for _ in range(2):  # asking (a broker may create topics on a metadata request)
            assert await guard.missing() == [guarded]
        assert guarded not in await admin.list_topics()
        assert await guard.ensure() is True
        assert await guard.ensure() is False
        assert guarded in await admin.list_topics()
    finally:
        await guard.close()
        await admin.close()
