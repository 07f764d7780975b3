"""How the intake settles a fetched batch (``Intake.on_events``): its offsets noted as applied
(committed later, ``tests/unit/test_offsets.py``); rewound, and not noted, when the process
stops in the middle of it or it fails."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest
from aiokafka import TopicPartition
from aiokafka.errors import IllegalStateError

from lianfang_shared.intake import StoppedMidRun
from lianfang_shared.settings import PlatformSettings
from tests.unit.support import bare_intake

pytestmark = pytest.mark.unit

SETTINGS = PlatformSettings(environment="test", topic_prefix="u")


RECORDS = (
    SimpleNamespace(topic="t", partition=0, offset=7),
    SimpleNamespace(topic="t", partition=0, offset=8),
    SimpleNamespace(topic="t", partition=1, offset=3),
)


class Batch:
    """A fetched batch as the handler gets it: what was done with it."""

    def __init__(self, reassigned: bool = False) -> None:
        self.raw_message = RECORDS
        self.reassigned = reassigned  # its partitions taken away meanwhile
        self.done: list[str] = []

    async def ack(self) -> None:
        self.done.append("commit")

    async def nack(self) -> None:
        self.done.append("rewind")
        if self.reassigned:  # aiokafka's seek of a partition it no longer holds
            raise IllegalStateError("No current assignment for partition")


def settle(batch: Batch, outcome: BaseException | None = None) -> dict[TopicPartition, int]:
    """What the intake noted as applied after settling ``batch`` (raises what it raised)."""
    intake = bare_intake(SETTINGS)

    async def from_kafka(records: Any) -> None:
        assert records == RECORDS
        if outcome is not None:
            raise outcome

    intake.from_kafka = from_kafka  # type: ignore[method-assign]
    asyncio.run(intake.on_events(batch))  # type: ignore[arg-type]
    return intake.offsets.applied


def test_an_applied_batch_is_noted_for_the_next_commit() -> None:
    batch = Batch()
    assert settle(batch) == {TopicPartition("t", 0): 9, TopicPartition("t", 1): 4}
    assert batch.done == []  # not committed on its own: with the next fetch


def test_a_batch_the_process_stopped_in_is_rewound() -> None:
    batch = Batch()
    assert settle(batch, StoppedMidRun("review")) == {}
    assert batch.done == ["rewind"]


def test_a_batch_whose_partitions_were_taken_away_needs_no_rewinding() -> None:
    batch = Batch(reassigned=True)
    settle(batch, StoppedMidRun("review"))
    assert batch.done == ["rewind"]
    with pytest.raises(RuntimeError):  # the failure, not the seek's
        settle(Batch(reassigned=True), RuntimeError("boom"))


def test_a_failing_batch_is_rewound_and_the_failure_raised() -> None:
    batch = Batch()
    with pytest.raises(RuntimeError):
        settle(batch, RuntimeError("boom"))
    assert batch.done == ["rewind"]
