"""How the intake settles a fetched batch (``Intake.on_events``): committed once applied;
rewound (not committed) when the process stops in the middle of it or it fails; and a
commit the group refuses because it rebalanced meanwhile is a warning, not an error."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from aiokafka.errors import CommitFailedError, IllegalStateError

from lianfang_shared.intake import StoppedMidRun
from lianfang_shared.settings import PlatformSettings
from tests.unit.support import bare_intake

pytestmark = pytest.mark.unit

SETTINGS = PlatformSettings(environment="test", topic_prefix="u")


class Batch:
    """A fetched batch as the handler gets it: what was done with it."""

    def __init__(self, commit_fails: bool = False, reassigned: bool = False) -> None:
        self.raw_message = ("record",)
        self.commit_fails = commit_fails
        self.reassigned = reassigned  # its partitions taken away meanwhile
        self.done: list[str] = []

    async def ack(self) -> None:
        self.done.append("commit")
        if self.commit_fails:
            raise CommitFailedError("the group has already rebalanced")

    async def nack(self) -> None:
        self.done.append("rewind")
        if self.reassigned:  # aiokafka's seek of a partition it no longer holds
            raise IllegalStateError("No current assignment for partition")


def settle(batch: Batch, outcome: BaseException | None = None) -> None:
    intake = bare_intake(SETTINGS)

    async def from_kafka(records: Any) -> None:
        assert records == ("record",)
        if outcome is not None:
            raise outcome

    intake.from_kafka = from_kafka  # type: ignore[method-assign]
    asyncio.run(intake.on_events(batch))  # type: ignore[arg-type]


def test_an_applied_batch_is_committed() -> None:
    batch = Batch()
    settle(batch)
    assert batch.done == ["commit"]


def test_a_batch_the_process_stopped_in_is_rewound() -> None:
    batch = Batch()
    settle(batch, StoppedMidRun("review"))
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


def test_a_commit_refused_after_a_rebalance_is_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    batch = Batch(commit_fails=True)
    with caplog.at_level(logging.WARNING, logger="lianfang_shared.intake"):
        settle(batch)
    assert batch.done == ["commit"]
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    assert "will come again" in caplog.records[0].getMessage()
