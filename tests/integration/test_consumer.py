"""The idempotent consumer over Kafka: duplicates, redelivered ranges, partitions, poison."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from fastapi import APIRouter

from lianfang_shared.bus import dead_letter_topic, ensure_topics, events_topic
from lianfang_shared.consumer import Consumer, in_transaction, transaction_memo
from lianfang_shared.contracts.registry import DepartmentCreated
from lianfang_shared.envelope import Envelope
from lianfang_shared.outbox import envelope_id
from lianfang_shared.service import ServiceSpec
from lianfang_shared.settings import PlatformSettings, ServiceSettings
from tests.support import System, eventually, read_topic, running

pytestmark = pytest.mark.integration

COUNTERS = """
CREATE TABLE IF NOT EXISTS effects (
    department_id uuid PRIMARY KEY,
    applied int NOT NULL
);
"""
ATTEMPTS: list[str] = []


class ProbeSettings(ServiceSettings):
    name: str = "probe"


def count_effect(conn: psycopg.Connection[Any], e: DepartmentCreated, env: Envelope) -> None:
    """A deliberately non-idempotent effect: applying twice would count 2."""
    if e.code.startswith("BOOM"):
        ATTEMPTS.append(e.code)
        raise RuntimeError(f"handler cannot cope with {e.code}")
    conn.execute(
        "INSERT INTO effects VALUES (%s, 1) "
        "ON CONFLICT (department_id) DO UPDATE SET applied = effects.applied + 1",
        (e.department_id,),
    )


def register(consumer: Consumer) -> None:
    consumer.projects(DepartmentCreated)(count_effect)


PROBE = ServiceSpec(
    name="probe",
    settings_cls=ProbeSettings,
    router=APIRouter(),
    upstreams=("registry",),
    handlers=register,
    tables=COUNTERS,
)


CALLS: list[list[str]] = []


def count_effects(conn: psycopg.Connection[Any], items: Any) -> None:
    """``count_effect`` as a batch projector, recording the codes of each call."""
    CALLS.append([e.code for e, _ in items])
    for e, env in items:
        count_effect(conn, e, env)


def register_batch(consumer: Consumer) -> None:
    consumer.projects_batch(DepartmentCreated)(count_effects)


BATCH_PROBE = dataclasses.replace(PROBE, handlers=register_batch)


def envelope(position: int, code: str | None = None) -> Envelope:
    dept = uuid.uuid5(uuid.NAMESPACE_URL, f"dept-{position}")
    return Envelope(
        id=envelope_id("registry", dept, 1),
        source="/lianfang/registry",
        type=DepartmentCreated.event_type,
        subject=str(dept),
        time=datetime.now(UTC),
        sourceposition=position,
        data={
            "department_id": str(dept),
            "code": code or f"D{position}",
            "name": f"部门{position}",
        },
    )


@asynccontextmanager
async def probing(platform: PlatformSettings, spec: ServiceSpec) -> AsyncIterator[System]:
    # Kafka alone: catch-up from the (absent) registry feed is not what these tests are about.
    platform = platform.model_copy(update={"catchup_interval": 3600.0, "consumer_max_attempts": 3})
    await ensure_topics(platform, [events_topic(platform, "registry")])
    async with running(platform, ["probe"], {"probe": spec}) as system:
        yield system


@pytest.fixture
async def probe(platform: PlatformSettings) -> AsyncIterator[System]:
    async with probing(platform, PROBE) as system:
        yield system


async def produce(platform: PlatformSettings, items: list[tuple[Envelope, int | None]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=platform.kafka_bootstrap_servers)
    await producer.start()
    try:
        for env, partition in items:
            key, value, headers = env.to_kafka()
            await producer.send_and_wait(
                events_topic(platform, "registry"),
                value,
                key=key,
                partition=partition,
                headers=[(k, v.encode()) for k, v in headers.items()],
            )
    finally:
        await producer.stop()


def effects(system: System) -> dict[str, int]:
    with system.services["probe"].db.transaction() as conn:
        rows = conn.execute("SELECT department_id, applied FROM effects").fetchall()
    return {str(r["department_id"]): r["applied"] for r in rows}


async def settled(system: System, count: int) -> dict[str, int]:
    return await eventually(lambda: asyncio.to_thread(lambda: len(effects(system)) == count))


async def test_the_same_message_twice_has_one_effect(probe: System) -> None:
    e = envelope(1)
    await produce(probe.platform, [(e, 0), (e, 1), (e, 0)])  # on one and on another partition
    await settled(probe, 1)
    await asyncio.sleep(1)
    assert effects(probe) == {e.subject: 1}
    assert probe.services["probe"].consumer.duplicates == 2


async def test_a_redelivered_range_has_no_second_effect(probe: System) -> None:
    batch = [(envelope(p), None) for p in range(1, 41)]
    await produce(probe.platform, batch)
    await settled(probe, 40)
    await produce(probe.platform, batch)  # what a relay restarted mid-batch would send again
    consumer = probe.services["probe"].consumer
    await eventually(lambda: asyncio.sleep(0, result=consumer.duplicates == 40))
    assert set(effects(probe).values()) == {1}


async def test_offsets_rewound_redeliver_everything_once(platform: PlatformSettings) -> None:
    platform = platform.model_copy(update={"catchup_interval": 3600.0})
    topic = events_topic(platform, "registry")
    await ensure_topics(platform, [topic])
    await produce(platform, [(envelope(p), None) for p in range(1, 21)])
    async with running(platform, ["probe"], {"probe": PROBE}) as system:
        await settled(system, 20)
    # Rewind the stopped group's committed offsets to the start of every partition.
    rewind = AIOKafkaConsumer(
        topic,
        bootstrap_servers=platform.kafka_bootstrap_servers,
        group_id=f"{platform.topic_prefix}-probe",
        enable_auto_commit=False,
    )
    await rewind.start()
    await eventually(lambda: asyncio.sleep(0, result=len(rewind.assignment()) == 3), timeout=60)
    await rewind.commit({tp: 0 for tp in rewind.assignment()})
    await rewind.stop()
    async with running(platform, ["probe"], {"probe": PROBE}) as system:
        consumer = system.services["probe"].consumer
        await eventually(lambda: asyncio.sleep(0, result=consumer.duplicates == 20))
        assert consumer.applied == 0
        assert set(effects(system).values()) == {1}


async def committed_offsets(platform: PlatformSettings) -> dict[int, int]:
    """The probe group's committed offsets by partition of the registry's topic (asked by a
    consumer of the group that does not join it)."""
    topic = events_topic(platform, "registry")
    asker = AIOKafkaConsumer(
        bootstrap_servers=platform.kafka_bootstrap_servers,
        group_id=f"{platform.topic_prefix}-probe",
        enable_auto_commit=False,
    )
    await asker.start()
    try:
        partitions = asker.partitions_for_topic(topic) or set()
        return {p: await asker.committed(TopicPartition(topic, p)) or 0 for p in sorted(partitions)}
    finally:
        await asker.stop()


async def test_what_was_applied_is_committed_when_the_records_stop(
    platform: PlatformSettings,
) -> None:
    # An hour between commits while records keep coming: only their stopping commits here.
    platform = platform.model_copy(
        update={"catchup_interval": 3600.0, "consumer_commit_interval_ms": 3_600_000}
    )
    await ensure_topics(platform, [events_topic(platform, "registry")])
    async with running(platform, ["probe"], {"probe": PROBE}) as system:
        await produce(platform, [(envelope(p), p % 3) for p in range(1, 31)])
        await settled(system, 30)

        async def all_committed() -> dict[int, int] | None:
            committed = await committed_offsets(platform)
            return committed if sum(committed.values()) == 30 else None

        assert await eventually(all_committed, timeout=10) == {0: 10, 1: 10, 2: 10}
    async with running(platform, ["probe"], {"probe": PROBE}) as system:
        await produce(platform, [(envelope(31), 0)])
        await settled(system, 31)
        consumer = system.services["probe"].consumer
        assert (consumer.applied, consumer.duplicates) == (1, 0)  # nothing came again


async def test_interleaved_partitions_drop_nothing(probe: System) -> None:
    # Later positions land first on other partitions; a high-water mark would drop 1..9.
    order = [(envelope(p), p % 3) for p in (10, 9, 8, 7, 6, 5, 4, 3, 2, 1)]
    await produce(probe.platform, order)
    await settled(probe, 10)
    assert set(effects(probe).values()) == {1}


async def test_a_run_is_one_transaction_and_stops_before_a_failing_handler(probe: System) -> None:
    ATTEMPTS.clear()
    service = probe.services["probe"]
    assert service.consumer is not None
    run = [envelope(11), envelope(12), envelope(11), envelope(13, "BOOM-13"), envelope(14)]

    taken = await asyncio.to_thread(service.consumer.apply_run, run)
    assert (taken.length, taken.applied) == (3, 2)  # the duplicate of 11: taken, no effect
    assert isinstance(taken.failure, RuntimeError) and "BOOM-13" in str(taken.failure)
    assert ATTEMPTS == ["BOOM-13"]  # tried once in the run; the caller retries it on its own
    assert effects(probe) == {run[0].subject: 1, run[1].subject: 1}
    with service.db.transaction() as conn:
        transactions = conn.execute(
            "SELECT count(DISTINCT xmin::text) AS n FROM inbox WHERE event_id = ANY(%s)",
            ([run[0].id, run[1].id],),
        ).fetchone()
    assert transactions == {"n": 1}

    rest = await asyncio.to_thread(service.consumer.apply_run, run[4:])
    assert rest == (1, 1, None)
    assert effects(probe)[run[4].subject] == 1


@pytest.fixture
async def batch_probe(platform: PlatformSettings) -> AsyncIterator[System]:
    async with probing(platform, BATCH_PROBE) as system:
        yield system


async def test_a_batch_projector_takes_a_stretch_of_new_envelopes_at_once(
    batch_probe: System,
) -> None:
    CALLS.clear()
    consumer = batch_probe.services["probe"].consumer
    assert consumer is not None
    run = [envelope(31), envelope(32), envelope(31), envelope(33)]

    taken = await asyncio.to_thread(consumer.apply_run, run)
    assert taken == (4, 3, None)  # the repeat of 31: taken, not handed over
    assert CALLS == [["D31", "D32", "D33"]]
    assert effects(batch_probe) == {e.subject: 1 for e in run}
    # On its own path (catch-up, retries) it gets one envelope; a known one, none.
    assert await asyncio.to_thread(consumer.apply, envelope(34))
    assert not await asyncio.to_thread(consumer.apply, envelope(34))
    assert CALLS[1:] == [["D34"]]

    # Over Kafka, everything still exactly once.
    await produce(batch_probe.platform, [(envelope(p), None) for p in range(31, 61)])
    await settled(batch_probe, 30)
    assert set(effects(batch_probe).values()) == {1}


async def test_a_failing_batch_is_tried_one_at_a_time_to_find_the_culprit(
    batch_probe: System,
) -> None:
    CALLS.clear()
    ATTEMPTS.clear()
    consumer = batch_probe.services["probe"].consumer
    assert consumer is not None
    run = [envelope(41), envelope(42), envelope(43, "BOOM-43"), envelope(44)]

    taken = await asyncio.to_thread(consumer.apply_run, run)
    # The batch failed; one at a time, 43 is the one; 41 and 42 are applied (as one batch).
    assert (taken.length, taken.applied) == (2, 2)
    assert isinstance(taken.failure, RuntimeError) and "BOOM-43" in str(taken.failure)
    assert CALLS == [
        ["D41", "D42", "BOOM-43", "D44"],
        ["D41"],
        ["D42"],
        ["BOOM-43"],
        ["D41", "D42"],
    ]
    assert effects(batch_probe) == {run[0].subject: 1, run[1].subject: 1}
    assert await asyncio.to_thread(consumer.apply_run, run[3:]) == (1, 1, None)


async def test_a_run_stopped_by_its_time_limit_leaves_the_rest_new(probe: System) -> None:
    # The run claims its envelopes together; those it stops before must not stay claimed.
    service = probe.services["probe"]
    assert service.consumer is not None
    run = [envelope(p) for p in range(21, 26)]
    looks = iter([False, True])  # asked before each but the first: up after the second

    taken = await asyncio.to_thread(service.consumer.apply_run, run, lambda: next(looks))
    assert (taken.length, taken.applied) == (2, 2)
    assert effects(probe) == {run[0].subject: 1, run[1].subject: 1}
    rest = await asyncio.to_thread(service.consumer.apply_run, run[2:])
    assert rest == (3, 3, None)  # new, not duplicates
    assert all(effects(probe)[e.subject] == 1 for e in run)


async def test_poison_goes_to_the_dead_letter_topic_and_consumption_continues(
    probe: System,
) -> None:
    ATTEMPTS.clear()
    platform = probe.platform
    topic = events_topic(platform, "registry")
    producer = AIOKafkaProducer(bootstrap_servers=platform.kafka_bootstrap_servers)
    await producer.start()
    try:
        await producer.send_and_wait(topic, b"\x00garbage", key=b"x")
        unknown = envelope(1).model_copy(update={"type": "lianfang.registry.nothing"})
        invalid = envelope(2).model_copy(update={"data": {"code": "X"}})
        for bad in (unknown, invalid, envelope(3, code="BOOM-3")):
            key, value, headers = bad.to_kafka()
            await producer.send_and_wait(
                topic, value, key=key, headers=[(k, v.encode()) for k, v in headers.items()]
            )
    finally:
        await producer.stop()
    good = envelope(4)
    await produce(platform, [(good, None)])
    await settled(probe, 1)
    assert effects(probe) == {good.subject: 1}
    assert ATTEMPTS == ["BOOM-3"] * 3  # tried consumer_max_attempts times, then dead-lettered

    dead = await read_topic(
        platform.kafka_bootstrap_servers,
        dead_letter_topic(platform, f"{platform.topic_prefix}-probe"),
        4,
    )
    reasons = sorted(dict(r.headers)["dlq_reason"].decode() for r in dead)
    assert len(dead) == 4
    assert any("not JSON" in r for r in reasons)
    assert any("unknown event type 'lianfang.registry.nothing'" in r for r in reasons)
    assert any("ContractError" in r and "department_id" in r for r in reasons)
    assert any("handler cannot cope with BOOM-3" in r for r in reasons)
    garbage = next(r for r in dead if b"garbage" in r.value)
    headers = dict(garbage.headers)
    assert headers["dlq_topic"].decode() == topic
    assert "dlq_offset" in headers and "dlq_partition" in headers


async def test_a_transaction_memo_lasts_one_transaction(probe: System) -> None:
    # What an observer reads once per transaction (notify's rule book), a run shares.
    service = probe.services["probe"]
    consumer = Consumer("memo-probe", service.db)
    memos: list[object] = []  # the objects, not their ids: a freed one's id comes back

    @consumer.observes
    def remember(conn: psycopg.Connection[Any], env: Envelope) -> None:
        memos.append(transaction_memo().setdefault("book", object()))

    run = [envelope(p) for p in range(71, 74)]
    assert await asyncio.to_thread(consumer.apply_run, run) == (3, 3, None)
    assert await asyncio.to_thread(consumer.apply, envelope(74))
    assert len(memos) == 4 and memos[0] is memos[1] is memos[2] and memos[3] is not memos[0]
    assert transaction_memo() == {} and transaction_memo() is not transaction_memo()


async def test_a_flush_writes_what_a_run_deferred_before_its_commit(probe: System) -> None:
    # Notify files a run's notifications this way: deferred by its rules, one statement.
    service = probe.services["probe"]
    consumer = Consumer("flush-probe", service.db)
    flushed: list[list[str]] = []

    @consumer.observes
    def defer(conn: psycopg.Connection[Any], env: Envelope) -> None:
        assert in_transaction()
        transaction_memo().setdefault("deferred", []).append(env)

    @consumer.flushes
    def flush(conn: psycopg.Connection[Any]) -> None:
        deferred = transaction_memo().pop("deferred", [])
        flushed.append([env.data["code"] for env in deferred])
        if any(env.data["code"].startswith("BOOM") for env in deferred):
            raise RuntimeError("cannot write BOOM")
        for env in deferred:
            conn.execute("INSERT INTO effects VALUES (%s, 1)", (env.subject,))

    run = [envelope(81), envelope(82)]
    assert await asyncio.to_thread(consumer.apply_run, run) == (2, 2, None)
    assert flushed == [["D81", "D82"]]  # once, for the run
    assert {e.subject for e in run} <= set(effects(probe))

    # A failing flush: the run again one envelope (and one flush) at a time finds the culprit;
    # what comes before it is applied, nothing after it.
    flushed.clear()
    run = [envelope(83), envelope(84, "BOOM-84"), envelope(85)]
    taken = await asyncio.to_thread(consumer.apply_run, run)
    assert (taken.length, taken.applied) == (1, 1)
    assert isinstance(taken.failure, RuntimeError)
    assert flushed == [["D83", "BOOM-84", "D85"], ["D83"], ["BOOM-84"], ["D83"]]
    assert run[0].subject in effects(probe)
    assert not {run[1].subject, run[2].subject} & set(effects(probe))

    # On its own path too; and outside a consumer's transaction nothing may be deferred.
    flushed.clear()
    assert await asyncio.to_thread(consumer.apply, envelope(86))
    assert flushed == [["D86"]]
    assert not in_transaction()
