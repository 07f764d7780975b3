"""When a consumer commits its offsets (``lianfang_shared.offsets``): those of applied batches
only; at most once an interval while records keep coming, at once when they stop, before a
rebalance takes partitions away, and at a stop; a refused commit is a warning and is carried
by the next one."""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace
from typing import Any

import pytest
from aiokafka import TopicPartition
from aiokafka.errors import CommitFailedError

from lianfang_shared.intake import FetchPace, take_batch
from lianfang_shared.offsets import Offsets
from lianfang_shared.settings import PlatformSettings
from tests.unit.support import bare_intake

pytestmark = pytest.mark.unit

P0, P1 = TopicPartition("t", 0), TopicPartition("t", 1)
HOUR_MS = 3_600_000


def record(partition: int, offset: int) -> Any:
    return SimpleNamespace(topic="t", partition=partition, offset=offset)


class Consumer:
    """aiokafka's consumer as the intake uses it: fetches answer in turn; commits recorded."""

    def __init__(self, *fetches: list[Any], held: set[TopicPartition] | None = None) -> None:
        self.fetches = list(fetches)
        self.held = {P0, P1} if held is None else held
        self.commits: list[dict[TopicPartition, int]] = []
        self.refuse = False

    async def getmany(self, **_: Any) -> dict[TopicPartition, list[Any]]:
        got = self.fetches.pop(0)
        return {P0: got} if got else {}

    def assignment(self) -> set[TopicPartition]:
        return self.held

    async def commit(self, offsets: dict[TopicPartition, int]) -> None:
        self.commits.append(dict(offsets))
        if self.refuse:
            raise CommitFailedError("the group has already rebalanced")


def consume(offsets: Offsets, consumer: Consumer, fetches: int) -> None:
    """The subscriber's loop for ``fetches`` fetches, each batch applied."""
    get_msg = take_batch(50, offsets, FetchPace(10))

    async def loop() -> None:
        for _ in range(fetches):
            records = await get_msg(consumer)  # type: ignore[arg-type]
            if records:
                offsets.applied_batch(records)

    asyncio.run(loop())


def test_while_records_keep_coming_the_offsets_wait_for_the_interval() -> None:
    offsets = Offsets("g", HOUR_MS)
    consumer = Consumer([record(0, 0), record(0, 1)], [record(0, 2)], [record(0, 3)])
    consume(offsets, consumer, 3)
    assert consumer.commits == []
    assert offsets.pending() == {P0: 4}


def test_once_the_interval_passed_the_next_fetch_commits_what_was_applied() -> None:
    offsets = Offsets("g", 0)  # always due: every batch's offsets go before the next fetch
    consumer = Consumer([record(0, 0), record(0, 1)], [record(0, 2)], [record(0, 3)])
    consume(offsets, consumer, 3)
    assert consumer.commits == [{P0: 2}, {P0: 3}]  # the last batch's wait for the next
    assert offsets.pending() == {P0: 4}


def test_when_the_records_stop_the_offsets_are_committed_at_once() -> None:
    offsets = Offsets("g", HOUR_MS)
    consumer = Consumer([record(0, 0), record(0, 1)], [], [])
    consume(offsets, consumer, 3)
    assert consumer.commits == [{P0: 2}]  # once: the second empty fetch had nothing new
    assert offsets.pending() == {}


def test_only_applied_batches_and_held_partitions_are_committed() -> None:
    offsets = Offsets("g", HOUR_MS)
    offsets.applied_batch([record(0, 4), record(1, 9)])
    consumer = Consumer([record(0, 5)], [], held={P0})  # the batch fetched is not applied
    get_msg = take_batch(50, offsets, FetchPace(10))

    async def fetch_twice() -> None:
        await get_msg(consumer)  # type: ignore[arg-type]
        await get_msg(consumer)  # type: ignore[arg-type]

    asyncio.run(fetch_twice())
    assert consumer.commits == [{P0: 5}]


def test_a_refused_commit_is_a_warning_and_the_next_carries_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    offsets = Offsets("g", HOUR_MS)
    offsets.applied_batch([record(0, 0)])
    consumer = Consumer()
    consumer.refuse = True
    with caplog.at_level(logging.WARNING, logger="lianfang_shared.offsets"):
        asyncio.run(offsets.commit(consumer))  # type: ignore[arg-type]
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    assert "will come again" in caplog.records[0].getMessage()
    assert offsets.pending() == {P0: 1}
    consumer.refuse = False
    asyncio.run(offsets.commit(consumer))  # type: ignore[arg-type]
    assert consumer.commits == [{P0: 1}, {P0: 1}]
    assert offsets.pending() == {}


def test_a_rebalance_commits_what_was_applied_of_the_partitions_it_takes_away() -> None:
    intake = bare_intake(PlatformSettings(environment="test", topic_prefix="u"))
    consumer = Consumer()
    intake.subscriber = SimpleNamespace(consumer=consumer)
    intake.offsets.applied_batch([record(0, 4), record(1, 9)])
    asyncio.run(intake.membership.on_partitions_revoked({P1}))
    assert consumer.commits == [{P1: 10}]
    assert intake.offsets.applied == {P0: 5}  # P1's offsets are its next owner's now
    assert not intake.membership.settled


def test_a_stopping_intake_commits_what_was_applied() -> None:
    intake = bare_intake(PlatformSettings(environment="test", topic_prefix="u"))
    consumer = Consumer()
    intake.subscriber = SimpleNamespace(consumer=consumer)
    intake.offsets.applied_batch([record(0, 4)])
    asyncio.run(intake.commit())
    assert consumer.commits == [{P0: 5}]
