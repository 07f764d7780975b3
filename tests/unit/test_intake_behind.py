"""When catch-up leaves the Kafka path to drain (``Intake.behind``): only for a backlog of
more than a fetch's worth in an assigned partition, not for the few records a steady stream
keeps in flight; after a broker lost records, catch-up must fill the gap while that stream
goes on (otherwise it could wait out ``DEFER_AT_MOST``, 15 s, first)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from aiokafka import TopicPartition

from lianfang_shared.bus import events_topic
from lianfang_shared.settings import PlatformSettings
from tests.unit.support import bare_intake

pytestmark = pytest.mark.unit

SETTINGS = PlatformSettings(environment="test", topic_prefix="u", consumer_batch_size=50)
TOPIC = events_topic(SETTINGS, "registry")


class FetchedConsumer:
    """What ``behind`` asks of aiokafka's consumer: its partitions, each one's high watermark
    from the last fetch (None before any) and its position."""

    def __init__(self, partitions: dict[int, tuple[int | None, int]]) -> None:
        self.partitions = {TopicPartition(TOPIC, p): v for p, v in partitions.items()}

    def assignment(self) -> set[TopicPartition]:
        return set(self.partitions) | {TopicPartition("u.review.events", 0)}

    def highwater(self, tp: TopicPartition) -> int | None:
        return self.partitions[tp][0]

    async def position(self, tp: TopicPartition) -> int:
        return self.partitions[tp][1]


def behind(partitions: dict[int, tuple[int | None, int]] | None) -> bool | None:
    intake = bare_intake(SETTINGS)
    consumer = FetchedConsumer(partitions) if partitions is not None else None
    intake.subscriber = SimpleNamespace(consumer=consumer)
    return asyncio.run(intake.behind("registry"))


def test_a_few_records_in_flight_are_no_backlog() -> None:
    assert behind({0: (120, 100), 1: (80, 80), 2: (150, 100)}) is False


def test_more_than_a_fetch_in_one_partition_is_a_backlog() -> None:
    assert behind({0: (120, 100), 1: (80, 80), 2: (151, 100)}) is True


def test_unknown_until_assigned_and_fetched() -> None:
    assert behind(None) is None
    assert behind({}) is None
    assert behind({0: (None, 0), 1: (500, 0)}) is None
