"""The consumers' batch loop takes records as soon as they are fetched (``waiting_batches``)."""

from __future__ import annotations

from typing import Any

import anyio
import pytest
from aiokafka.structs import TopicPartition
from faststream.kafka import KafkaBroker

from lianfang_shared.intake import waiting_batches


class FetchedConsumer:
    """Stands in for aiokafka's consumer: ``getmany`` hands out prepared results in turn."""

    def __init__(self, *results: dict[TopicPartition, list[str]]) -> None:
        self.results = list(results)
        self.calls: list[tuple[int, int]] = []

    async def getmany(self, timeout_ms: int, max_records: int) -> dict[Any, list[str]]:
        self.calls.append((timeout_ms, max_records))
        return self.results.pop(0)


async def test_a_wait_that_found_nothing_is_not_followed_by_a_sleep(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def no_sleep(seconds: float) -> None:
        raise AssertionError(f"slept {seconds} s after an empty wait")

    monkeypatch.setattr(anyio, "sleep", no_sleep)  # FastStream's own loop sleeps here
    subscriber = KafkaBroker().subscriber("t", batch=True, batch_timeout_ms=100, max_records=7)
    waiting_batches(subscriber)
    a, b = TopicPartition("t", 0), TopicPartition("t", 1)
    consumer = FetchedConsumer({}, {a: ["a1", "a2"], b: ["b1"]})

    assert await subscriber.get_msg(consumer) == ()
    assert await subscriber.get_msg(consumer) == ("a1", "a2", "b1")
    assert consumer.calls == [(100, 7), (100, 7)]  # the subscriber's wait and batch size
