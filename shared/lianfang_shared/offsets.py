"""A consumer's Kafka offsets: those of the batches it has applied, committed now and then.

Committing after every fetched batch cost a round trip to the broker per batch, with the
consumer's loop waiting on it (at 200 events/s each consumer takes ~100 batches a second),
and the broker's work for each. The inbox makes a record delivered twice harmless, so the
offsets of applied batches are committed at most every ``consumer_commit_interval_ms`` while
records keep coming, and at once when they stop, before a rebalance takes partitions away,
and when the process stops. A crash delivers again at most that interval's records.

Only the offsets of batches applied to their end are committed, never the consumer's
position (which runs ahead of the batch in hand), so a commit is safe at any moment.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Collection, Iterable

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import CommitFailedError, ConsumerStoppedError, KafkaError
from aiokafka.structs import ConsumerRecord

log = logging.getLogger(__name__)
# A commit waits this long at most (aiokafka retries while the coordinator is away): a fetch,
# a rebalance or a stop waiting on it waits no longer.
COMMIT_TIMEOUT = 5.0


class Offsets:
    """What one consumer has applied, by partition, and what of it is committed."""

    def __init__(self, group_id: str, interval_ms: int) -> None:
        self.group_id = group_id
        self.interval = interval_ms / 1000
        self.applied: dict[TopicPartition, int] = {}  # the next offset to apply
        self.committed: dict[TopicPartition, int] = {}
        self.last = time.monotonic()

    def applied_batch(self, records: Iterable[ConsumerRecord[bytes, bytes]]) -> None:
        """``records`` are applied, each of them."""
        for record in records:
            tp = TopicPartition(record.topic, record.partition)
            if record.offset >= self.applied.get(tp, 0):
                self.applied[tp] = record.offset + 1

    def due(self) -> bool:
        """Whether the interval has passed since the last commit."""
        return time.monotonic() - self.last >= self.interval

    def pending(self) -> dict[TopicPartition, int]:
        """The applied offsets not committed yet."""
        return {tp: o for tp, o in self.applied.items() if self.committed.get(tp) != o}

    async def commit(
        self, consumer: AIOKafkaConsumer, only: Collection[TopicPartition] | None = None
    ) -> None:
        """Commit the pending offsets of the partitions ``consumer`` holds (of ``only``, when
        given). A commit refused or failed is a warning: what it covers comes again, and the
        next commit carries it (offsets of partitions held)."""
        self.last = time.monotonic()
        pending = self.pending()
        if not pending:
            return
        held = consumer.assignment()
        offsets = {
            tp: o for tp, o in pending.items() if tp in held and (only is None or tp in only)
        }
        if not offsets:
            return
        try:
            await asyncio.wait_for(consumer.commit(offsets), COMMIT_TIMEOUT)
        except CommitFailedError as e:  # the group rebalanced meanwhile
            log.warning(
                "%s did not commit its offsets, what they cover will come again: %s",
                self.group_id,
                e,
            )
        except (KafkaError, ConsumerStoppedError, AssertionError, TimeoutError) as e:
            log.warning("%s could not commit its offsets: %r", self.group_id, e)
        else:
            self.committed.update(offsets)

    def forget(self, partitions: Iterable[TopicPartition]) -> None:
        """``partitions`` were taken away: their offsets are the next owner's to commit. (A
        batch still being applied as they go notes its offsets after this; should the
        partition come back, they may be committed below the group's, and a range comes
        again, which the inbox skips.)"""
        for tp in partitions:
            self.applied.pop(tp, None)
            self.committed.pop(tp, None)
