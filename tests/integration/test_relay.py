"""The relay: at least once, in order per aggregate, never skipping, through crashes and outages."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest

from lianfang_shared.bus import events_topic, make_broker
from lianfang_shared.cli import load_spec
from lianfang_shared.embedded import TansuBroker
from lianfang_shared.envelope import Envelope
from lianfang_shared.relay import Relay
from lianfang_shared.service import Service
from lianfang_shared.settings import PlatformSettings
from tests.support import eventually, read_topic

pytestmark = pytest.mark.integration


@pytest.fixture
def registry(platform: PlatformSettings) -> Iterator[Service]:
    """The registry's store and Application, without its bus (the test drives the relay)."""
    service = Service(load_spec("registry"), platform)
    service._open_store()
    yield service
    service.app.close()
    service.db.close()


def create_departments(service: Service, start: int, count: int) -> list[Any]:
    """Create departments and rename each once: two events per aggregate."""
    ids = []
    for i in range(start, start + count):
        dept = service.app.create_department(f"D{i:04d}", f"部门{i}")
        service.app.rename_department(dept, f"部门{i}（新）")
        ids.append(dept)
    return ids


def check_order_and_completeness(records: list[Any], head: int, first: int = 1) -> None:
    """Every position from ``first`` to ``head`` appears; per aggregate in increasing order."""
    envelopes = [Envelope.from_kafka(r.headers, r.value) for r in records]
    positions = {e.sourceposition for e in envelopes}
    assert positions >= set(range(first, head + 1)), sorted(set(range(first, head + 1)) - positions)
    by_subject: dict[str, list[int]] = defaultdict(list)
    for e in envelopes:  # records come partition by partition, each in offset order
        if e.sourceposition not in by_subject[e.subject]:
            by_subject[e.subject].append(e.sourceposition)
    for subject, seq in by_subject.items():
        assert seq == sorted(seq), f"{subject} out of order: {seq}"
    for e, r in zip(envelopes, records, strict=True):
        assert r.key == e.subject.encode()  # keyed by aggregate id


class StallingPublisher:
    """Publishes ``limit`` messages, then hangs like a process about to be killed."""

    def __init__(self, inner: Any, limit: int) -> None:
        self.inner, self.limit, self.sent = inner, limit, 0
        self.stalled = asyncio.Event()

    async def publish(self, *args: Any, **kwargs: Any) -> Any:
        if self.sent >= self.limit:
            self.stalled.set()
            await asyncio.Event().wait()
        self.sent += 1
        return await self.inner.publish(*args, **kwargs)


async def test_relay_killed_mid_batch_resumes_without_skipping(
    registry: Service, platform: PlatformSettings
) -> None:
    create_departments(registry, 0, 30)  # 60 events
    head = registry.outbox.head()
    topic = events_topic(platform, "registry")
    broker = make_broker(platform, "relay-test")
    publisher = broker.publisher(topic)
    await broker.start()
    try:
        stalling = StallingPublisher(publisher, limit=25)
        first = Relay(registry.outbox, registry.db, stalling, platform)  # type: ignore[arg-type]
        stopping = asyncio.Event()
        task = asyncio.create_task(first.run(stopping))
        await asyncio.wait_for(stalling.stalled.wait(), 30)
        task.cancel()  # killed mid-batch: 25 sent, position not recorded
        with pytest.raises(asyncio.CancelledError):
            await task
        await first.leadership.release()
        assert await asyncio.to_thread(first._load_position) == 0

        second = Relay(registry.outbox, registry.db, publisher, platform)
        task = asyncio.create_task(second.run(stopping))
        await eventually(lambda: asyncio.sleep(0, result=second.position == head))
        stopping.set()
        await task
    finally:
        await broker.stop()
    records = await read_topic(platform.kafka_bootstrap_servers, topic, head + 25)
    assert len(records) == head + 25  # the 25 of the killed batch were published twice
    check_order_and_completeness(records, head)


async def test_relay_waits_for_a_broker_that_is_down(
    registry: Service, platform: PlatformSettings, own_kafka: TansuBroker
) -> None:
    platform = platform.model_copy(update={"kafka_bootstrap_servers": own_kafka.bootstrap})
    topic = events_topic(platform, "registry")
    broker = make_broker(platform, "relay-test")
    relay = Relay(registry.outbox, registry.db, broker.publisher(topic), platform)
    await broker.start()
    stopping = asyncio.Event()
    task = asyncio.create_task(relay.run(stopping))
    try:
        create_departments(registry, 0, 5)
        await eventually(lambda: asyncio.sleep(0, result=relay.position == 10))
        own_kafka.stop()  # down: everything it held is gone with it (memory-only)
        create_departments(registry, 5, 10)
        await asyncio.sleep(3)
        assert relay.position == 10  # nothing recorded as published while it is down
        own_kafka.start()
        await eventually(lambda: asyncio.sleep(0, result=relay.position == 30), timeout=60)
    finally:
        stopping.set()
        await task
        await broker.stop()
    records = await read_topic(own_kafka.bootstrap, topic, 20)
    check_order_and_completeness(records, 30, first=11)
