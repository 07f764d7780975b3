"""Story: the broker is wiped mid-flow; every consumer still ends with every effect once."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import CommitFailedError

from lianfang_shared.bus import TopicGuard, commit_only_as_a_member
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


async def test_offsets_of_the_lost_topic_are_not_committed_into_the_new_group(
    platform: PlatformSettings, own_kafka: TansuBroker
) -> None:
    """A commit made as the broker went away (the offsets of a topic it lost) is not sent
    into the group the new broker forms, so the consumer reads the new topic from its start:
    aiokafka sent it during the rejoin, which the empty new group accepted, and the consumer
    skipped the new topic's first records."""
    commit_only_as_a_member()
    topic = f"{platform.topic_prefix}.wiped"
    servers = own_kafka.bootstrap

    async def make_topic_and_send(values: range) -> None:
        admin = AIOKafkaAdminClient(bootstrap_servers=servers)
        await admin.start()
        with contextlib.suppress(Exception):  # a metadata request may have made it
            await admin.create_topics([NewTopic(topic, 1, 1)])
        await admin.close()
        producer = AIOKafkaProducer(bootstrap_servers=servers)
        await producer.start()
        for i in values:
            await producer.send(topic, str(i).encode(), partition=0)
        await producer.stop()

    await make_topic_and_send(range(300))
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=servers,
        group_id=f"{platform.topic_prefix}-g",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        fetch_max_wait_ms=10,
        session_timeout_ms=6000,
        heartbeat_interval_ms=1000,
    )
    await consumer.start()
    seen: list[tuple[int, int]] = []  # (offset, value) of every record taken

    async def take() -> None:
        while True:
            try:
                batches = await consumer.getmany(timeout_ms=100)
            except Exception:  # the broker away
                await asyncio.sleep(0.1)
                continue
            for records in batches.values():
                seen.extend((r.offset, int(r.value or b"-1")) for r in records)

    async def taken(value: int) -> bool:
        return bool(seen) and seen[-1][1] == value

    taking = asyncio.create_task(take())
    try:
        await eventually(lambda: taken(299), timeout=30)
        await consumer.commit()
        before = len(seen)

        own_kafka.restart()  # every topic and group gone
        await asyncio.sleep(0.5)
        with contextlib.suppress(CommitFailedError):  # refused: taken before the rejoin
            await consumer.commit()  # the lost topic's offsets (300), as a batch's ack makes
        await make_topic_and_send(range(1000, 1600))

        await eventually(lambda: taken(1599), timeout=60)
        after = seen[before:]
        assert after[0] == (0, 1000), after[:3]  # nothing of the new topic skipped
        assert sorted({v for _, v in after}) == list(range(1000, 1600))
    finally:
        taking.cancel()
        await consumer.stop()
