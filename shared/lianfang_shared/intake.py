"""Intake: brings envelopes from Kafka (and from catch-up) to the consumer.

A message that cannot be decoded, matches no contract, or fails after a few tries goes to
the consumer group's dead-letter topic with the reason, and consumption continues. An
unreachable database is not the message's fault: it is waited for, never dead-lettered.
"""

from __future__ import annotations

import asyncio
import dataclasses
import heapq
import itertools
import logging
import time
from collections.abc import Awaitable, Callable, Collection, Coroutine, Iterator, Sequence
from typing import Any, NamedTuple

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition
from aiokafka.errors import IllegalStateError, KafkaError
from aiokafka.structs import ConsumerRecord
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.message import StreamMessage
from faststream.middlewares import AckPolicy

from lianfang_shared.bus import TopicGuard, dead_letter_topic, events_topic
from lianfang_shared.consumer import Consumer, Taken, applying
from lianfang_shared.contracts import ContractError, UnknownEventType
from lianfang_shared.envelope import Envelope, EnvelopeError
from lianfang_shared.offsets import Offsets
from lianfang_shared.retry import a_few_times, until_done
from lianfang_shared.settings import PlatformSettings

log = logging.getLogger(__name__)
POISON = (EnvelopeError, UnknownEventType, ContractError)
# How long the subscriber waits for records in one call (``take_batch``): records end the
# wait as they arrive, so this only bounds how late a stopping subscriber notices it.
BATCH_WAIT_MS = 100
# After this many seconds without a record, a consumer's fetches wait at least
# ``QUIET_FETCH_WAIT_MS`` on the broker (``FetchPace``).
QUIET_AFTER = 5.0
QUIET_FETCH_WAIT_MS = 100
# The longest a run of envelopes is applied in one transaction before it is committed (slow
# handlers do not keep a long transaction open, nor a stopping process waiting).
RUN_SECONDS = 0.5
# A record as received, for the dead-letter topic: key, value, headers.
Raw = tuple[bytes | None, bytes | None, list[tuple[str, bytes]]] | None


class StoppedMidRun(Exception):
    """The process began stopping before a run was applied to its end."""


Revoked = Callable[[Collection[TopicPartition]], Awaitable[None]]


class Membership(ConsumerRebalanceListener):  # type: ignore[misc]
    """Whether the consumer holds its share of the group's partitions (possibly none, as a
    replica beyond the partition count does): not while the process starts, nor while its
    group forms or rebalances. ``on_revoked`` runs before partitions are taken away."""

    def __init__(self, on_revoked: Revoked | None = None) -> None:
        self.settled = False
        self.on_revoked = on_revoked

    async def on_partitions_revoked(self, revoked: Collection[TopicPartition]) -> None:
        self.settled = False
        if self.on_revoked is not None:
            await self.on_revoked(revoked)

    async def on_partitions_assigned(self, assigned: object) -> None:
        self.settled = True


class Received(NamedTuple):
    """An envelope from Kafka with where it came from and the record as received."""

    envelope: Envelope
    origin: dict[str, Any]
    raw: Raw


async def lenient_parse(
    records: tuple[ConsumerRecord[bytes, bytes], ...],
    parse: Callable[[tuple[ConsumerRecord[bytes, bytes], ...]], Awaitable[StreamMessage[Any]]],
) -> StreamMessage[Any]:
    """FastStream's parse of a fetched batch, given headers it can decode (it decodes each one
    as UTF-8, and a batch it cannot parse is lost before the handler sees it); the handler
    gets the records as received."""
    message = await parse(tuple(_readable(r) for r in records))
    message.raw_message = records
    return message


def _readable(record: ConsumerRecord[bytes, bytes]) -> ConsumerRecord[bytes, bytes]:
    """The record itself when FastStream can decode its headers (every value UTF-8), else a
    copy with each value made so (``dataclasses.replace`` is slow: only for the odd one)."""
    try:
        for _, value in record.headers:
            value.decode()
        return record
    except (AttributeError, UnicodeDecodeError):  # a missing (None) value, or not UTF-8
        headers = [(k, (v or b"").decode(errors="replace").encode()) for k, v in record.headers]
        return dataclasses.replace(record, headers=headers)


async def undecoded(message: StreamMessage[Any]) -> Any:
    """The message itself, for the handler: FastStream would parse a JSON body (and lose a
    record whose body is not JSON); ``Envelope.from_kafka`` decodes it, and dead-letters what
    is not. The broker does not apply FastDepends (``make_broker``), so the handler is called
    with what this returns."""
    return message


class FetchPace:
    """How long the consumer's fetches wait on the broker: the configured wait
    (``kafka_fetch_max_wait_ms``) while records come, at least ``QUIET_FETCH_WAIT_MS`` after
    ``QUIET_AFTER`` seconds without one. The embedded broker (Tansu) holds every fetch for its
    whole wait, records or not, so at the default 10 ms an idle consumer asked it ~100 times a
    second (the all-in-one and its broker at rest: a third of a core). The first record after
    a quiet spell then waits up to that long; the records after it, the configured wait. With
    Kafka's wait (500 ms: Kafka answers as records arrive) nothing changes."""

    def __init__(self, wait_ms: int) -> None:
        self.wait_ms = wait_ms
        self.quiet_ms = max(wait_ms, QUIET_FETCH_WAIT_MS)
        self.last_record = time.monotonic()

    def fetched(self, consumer: AIOKafkaConsumer, records: int) -> None:
        """After a fetch that brought ``records`` records."""
        now = time.monotonic()
        if records:
            self.last_record = now
            set_fetch_wait(consumer, self.wait_ms)
        elif now - self.last_record >= QUIET_AFTER:
            set_fetch_wait(consumer, self.quiet_ms)


def set_fetch_wait(consumer: AIOKafkaConsumer, wait_ms: int) -> None:
    """Set the wait of the consumer's next fetch requests. aiokafka has no public setter; its
    fetcher reads ``_fetch_max_wait_ms`` for each request it builds
    (``tests/unit/test_fetch_pace.py`` checks that it still does)."""
    fetcher = getattr(consumer, "_fetcher", None)
    if fetcher is not None and getattr(fetcher, "_fetch_max_wait_ms", wait_ms) != wait_ms:
        fetcher._fetch_max_wait_ms = wait_ms


def take_batch(
    max_records: int, offsets: Offsets, pace: FetchPace
) -> Callable[[AIOKafkaConsumer], Coroutine[Any, Any, tuple[ConsumerRecord[bytes, bytes], ...]]]:
    """The batch subscriber's fetch, without its sleep: FastStream's waits for records and,
    when none came, sleeps as long again, and a record fetched during that sleep waited for
    it (at light load most records arrive while the consumer sleeps). aiokafka's ``getmany``
    returns as soon as records arrive, so waiting is all the loop needs.

    It also commits ``offsets``: before a fetch once their interval has passed, and after a
    fetch that found nothing (the batch before it was the last for now). The subscriber
    fetches only once the batch before is settled. ``pace`` sets how long the fetches wait on
    the broker."""

    async def get_msg(consumer: AIOKafkaConsumer) -> tuple[ConsumerRecord[bytes, bytes], ...]:
        if offsets.due():
            await offsets.commit(consumer)
        batches = await consumer.getmany(timeout_ms=BATCH_WAIT_MS, max_records=max_records)
        records = tuple(itertools.chain.from_iterable(batches.values()))
        pace.fetched(consumer, len(records))
        if not records:
            await offsets.commit(consumer)
        return records

    return get_msg


async def rewind(msg: KafkaMessage) -> None:
    """Seek each partition of a batch back to its first record, so the batch is delivered
    again; a partition taken away by a rebalance meanwhile needs no rewinding (its next
    owner starts from the last committed offset)."""
    try:
        await msg.nack()
    except (IllegalStateError, AssertionError):  # aiokafka asserts while the group rejoins
        pass


def produced_order(
    records: Sequence[ConsumerRecord[bytes, bytes]],
) -> Iterator[ConsumerRecord[bytes, bytes]]:
    """A fetched batch comes partition by partition; merge the partitions by the records'
    timestamps, each partition's order kept. An event another service published in reaction
    to one it consumed (a later timestamp) then follows that event, as it did when the two
    arrived one by one."""
    partitions: dict[tuple[str, int], list[ConsumerRecord[bytes, bytes]]] = {}
    for record in records:
        partitions.setdefault((record.topic, record.partition), []).append(record)
    return heapq.merge(*partitions.values(), key=lambda r: r.timestamp)


class Intake:
    """Feeds one consumer from its upstream topics; owns its dead-letter topic."""

    def __init__(
        self,
        consumer: Consumer,
        broker: KafkaBroker,
        outlet: KafkaBroker,
        settings: PlatformSettings,
        group_id: str,
        upstreams: Sequence[str],
        stopping: asyncio.Event,
    ) -> None:
        self.consumer = consumer
        self.broker = broker  # subscribes; waits for the group's assignment when it starts
        self.outlet = outlet  # publishes dead letters; connected without waiting for the group
        self.settings = settings
        self.group_id = group_id
        self.topics = [events_topic(settings, s) for s in upstreams]
        self.dlq_topic = dead_letter_topic(settings, group_id)
        self.dlq_guard = TopicGuard(settings, [self.dlq_topic])
        self.stopping = stopping
        self.dead_lettered = 0
        self.subscriber: Any = None
        self.offsets = Offsets(group_id, settings.consumer_commit_interval_ms)
        self.membership = Membership(self._revoked)

    def subscribe(self) -> None:
        """Register the Kafka subscriber on the broker (before it starts)."""
        subscriber = self.broker.subscriber(
            *self.topics,
            group_id=self.group_id,
            auto_offset_reset="earliest",
            # Kafka answers a fetch when a record arrives; Tansu (the embedded broker) holds
            # it up to this long, which at aiokafka's default of 500 ms put ~130 ms into every
            # event's propagation (docs/benchmarks.md).
            fetch_max_wait_ms=self.settings.kafka_fetch_max_wait_ms,
            session_timeout_ms=self.settings.consumer_session_timeout_ms,
            heartbeat_interval_ms=self.settings.consumer_heartbeat_interval_ms,
            # The intake commits the offsets of applied batches (``Offsets``), or rewinds a
            # batch (``on_events``).
            ack_policy=AckPolicy.MANUAL,
            listener=self.membership,
            batch=True,
            max_records=self.settings.consumer_batch_size,
            parser=lenient_parse,
            decoder=undecoded,
            title=f"{self.group_id}:on_events",
            description="Integration events this service consumes.",
        )

        pace = FetchPace(self.settings.kafka_fetch_max_wait_ms)
        batches = take_batch(self.settings.consumer_batch_size, self.offsets, pace)
        subscriber.get_msg = batches  # type: ignore[method-assign,assignment]
        self.subscriber = subscriber
        subscriber(self.on_events)

    async def on_events(self, msg: KafkaMessage) -> None:
        """Apply a fetched batch; its offsets are then committed with the next (``Offsets``).
        A batch the process stops in the middle of, or that fails, is rewound instead: its
        offsets are not committed, and it is delivered again to whoever is next."""
        try:
            await self.from_kafka(msg.raw_message)
        except StoppedMidRun:
            await rewind(msg)
            return
        except Exception:
            await rewind(msg)
            raise
        self.offsets.applied_batch(msg.raw_message)

    def kafka_consumer(self) -> AIOKafkaConsumer | None:
        """The subscriber's aiokafka consumer, once it started."""
        return getattr(self.subscriber, "consumer", None)

    async def _revoked(self, partitions: Collection[TopicPartition]) -> None:
        """Before a rebalance takes ``partitions`` away: commit what was applied of them."""
        consumer = self.kafka_consumer()
        if consumer is not None:
            await self.offsets.commit(consumer, only=partitions)
        self.offsets.forget(partitions)

    async def commit(self) -> None:
        """Commit the offsets of what was applied (as the process stops)."""
        consumer = self.kafka_consumer()
        if consumer is not None:
            await self.offsets.commit(consumer)

    async def behind(self, upstream: str) -> bool | None:
        """Whether the broker holds a backlog of ``upstream``'s records that this process's
        Kafka path has not taken yet: in an assigned partition, more than a fetch's worth
        (``consumer_batch_size``) between the consumer's position and the high watermark (it
        is draining); None when that is not known (no partition assigned, nothing fetched
        yet, the broker away). Catch-up leaves such a backlog to Kafka. The few records a
        steady stream keeps in flight are no backlog: after the broker lost records (a
        memory-only one restarted) catch-up must fill the gap while that stream goes on."""
        consumer = self.kafka_consumer()
        if consumer is None:
            return None
        topic = events_topic(self.settings, upstream)
        partitions = [tp for tp in consumer.assignment() if tp.topic == topic]
        if not partitions:
            return None
        behind = False
        for tp in partitions:
            highwater = consumer.highwater(tp)
            if highwater is None:  # nothing fetched from it yet
                return None
            try:
                position = await asyncio.wait_for(consumer.position(tp), 1.0)
            except (TimeoutError, KafkaError, IllegalStateError):
                return None
            behind = behind or highwater - position > self.settings.consumer_batch_size
        return behind

    async def from_kafka(self, records: Sequence[ConsumerRecord[bytes, bytes]]) -> None:
        """Apply a fetched batch in the order it was produced, in as few transactions as it
        allows; poison goes to the dead-letter topic. The offsets are committed after it
        returns."""
        run: list[Received] = []
        for record in produced_order(records):
            origin = {"topic": record.topic, "partition": record.partition, "offset": record.offset}
            headers = list(record.headers or ())
            try:
                envelope = Envelope.from_kafka(headers, record.value)
            except EnvelopeError as e:
                await self.apply_run(run)
                run = []
                await self.dead_letter(record.key, record.value, headers, str(e), origin)
                continue
            run.append(Received(envelope, origin, (record.key, record.value, headers)))
        await self.apply_run(run)

    async def apply_run(self, run: Sequence[Received]) -> int:
        """Apply ``run`` in order: prefixes in one transaction each (``Consumer.apply_run``,
        at most ``RUN_SECONDS`` long), and each envelope a prefix stops before on its own
        (retries, dead letter, outages). How many had an effect. Raises StoppedMidRun when the
        process stops before the end (a Kafka batch is then rewound, not committed)."""
        i = applied = 0
        while i < len(run):
            if self.stopping.is_set():
                raise StoppedMidRun(self.consumer.name)
            envelopes = [r.envelope for r in run[i:]]
            taken = Taken(0, 0)
            try:
                taken = await asyncio.to_thread(
                    self.consumer.apply_run, envelopes, self._enough(RUN_SECONDS)
                )
            except Exception:
                if self.stopping.is_set():
                    raise
                # e.g. the database went away: the envelope's own path waits for it
            i += taken.length
            applied += taken.applied
            if i < len(run) and (taken.length == 0 or taken.failure is not None):
                applied += await self.receive(*run[i], failed=taken.failure)
                i += 1
        return applied

    def _enough(self, seconds: float) -> Callable[[], bool]:
        """True once ``seconds`` have passed, or the process is stopping."""
        deadline = time.monotonic() + seconds
        return lambda: self.stopping.is_set() or time.monotonic() > deadline

    async def receive(
        self,
        envelope: Envelope,
        origin: dict[str, Any],
        raw: Raw = None,
        failed: Exception | None = None,
    ) -> bool:
        """Apply with retries; dead-letter on failure. True if it had an effect. ``failed``:
        the first attempt (in a run) failed with it."""
        with applying(self.consumer.name, envelope):
            return await self._receive(envelope, origin, raw, failed)

    async def _receive(
        self, envelope: Envelope, origin: dict[str, Any], raw: Raw, failed: Exception | None
    ) -> bool:
        try:
            return await a_few_times(
                f"{self.consumer.name} {envelope.type}",
                lambda: asyncio.to_thread(self.consumer.apply, envelope),
                self.settings.consumer_max_attempts,
                self.stopping,
                never=POISON,
                failed=failed,
            )
        except Exception as e:
            if self.stopping.is_set():
                raise
            if raw is None:
                key, value, headers = envelope.to_kafka()
                raw = (key, value, [(k, v.encode()) for k, v in headers.items()])
            await self.dead_letter(*raw, f"{type(e).__name__}: {e}", origin)
            return False

    async def dead_letter(
        self,
        key: bytes | None,
        value: bytes | None,
        headers: list[tuple[str, bytes]],
        reason: str,
        origin: dict[str, Any],
    ) -> None:
        """Publish the message as received, with the reason and origin, to the DLQ."""
        log.error("%s dead-letters a message from %s: %s", self.group_id, origin, reason)
        out = {k: (v or b"").decode(errors="replace") for k, v in headers}
        out.update({f"dlq_{k}": str(v) for k, v in origin.items()})
        out["dlq_reason"] = reason[:2000]
        out["dlq_consumer"] = self.consumer.name

        async def publish() -> None:
            await self.dlq_guard.ensure()
            await self.outlet.publish(value or b"", self.dlq_topic, key=key, headers=out)

        await until_done(f"{self.group_id} dead-letter", publish, self.stopping)
        self.dead_lettered += 1
