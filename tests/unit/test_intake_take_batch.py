"""The consumers' fetch (``intake.take_batch``): it waits for records and returns what came,
and never sleeps after a wait that found nothing, as FastStream's batch subscriber does (a
record fetched during that sleep waited for it: at light load, most of them)."""

from __future__ import annotations

import asyncio
from typing import Any
from unittest import mock

import pytest
from aiokafka import TopicPartition

from lianfang_shared.bus import make_broker
from lianfang_shared.intake import BATCH_WAIT_MS, FetchPace, take_batch
from lianfang_shared.offsets import Offsets
from lianfang_shared.settings import PlatformSettings
from tests.unit.support import bare_intake

pytestmark = pytest.mark.unit

SETTINGS = PlatformSettings(environment="test", topic_prefix="u", consumer_batch_size=50)


class WaitingConsumer:
    """aiokafka's ``getmany``: each call returns the next of ``answers`` (records by partition)."""

    def __init__(self, *answers: dict[TopicPartition, list[str]]) -> None:
        self.answers = list(answers)
        self.calls: list[dict[str, Any]] = []

    async def getmany(self, **kwargs: Any) -> dict[TopicPartition, list[str]]:
        self.calls.append(kwargs)
        return self.answers.pop(0)


def sleeps_of(get_msg: Any, consumer: WaitingConsumer) -> tuple[Any, list[float]]:
    """What ``get_msg`` returned, and the sleeps it took (FastStream sleeps with anyio)."""
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    with mock.patch("anyio.sleep", sleep):
        got = asyncio.run(get_msg(consumer))
    return got, slept


def subscribed() -> Any:
    """The subscriber an intake registers on an (unconnected) broker."""
    intake = bare_intake(SETTINGS, make_broker(SETTINGS, "unit"))
    intake.subscribe()
    return intake.subscriber


def test_records_of_every_partition_come_in_one_batch() -> None:
    consumer = WaitingConsumer({TopicPartition("t", 0): ["a", "b"], TopicPartition("t", 1): ["c"]})
    got, slept = sleeps_of(take_batch(50, Offsets("g", 1000), FetchPace(10)), consumer)
    assert got == ("a", "b", "c")
    assert slept == []
    assert consumer.calls == [{"timeout_ms": BATCH_WAIT_MS, "max_records": 50}]


def test_the_intakes_subscriber_does_not_sleep_after_an_empty_wait() -> None:
    subscriber = subscribed()
    got, slept = sleeps_of(subscriber.get_msg, WaitingConsumer({}))
    assert got == ()
    assert slept == []


def test_faststreams_own_fetch_sleeps_after_an_empty_wait() -> None:
    """What ``take_batch`` replaces (if FastStream stops sleeping, it can go)."""
    subscriber = subscribed()
    own = type(subscriber).get_msg
    got, slept = sleeps_of(lambda consumer: own(subscriber, consumer), WaitingConsumer({}))
    assert got == ()
    assert slept != []
