"""The relay: publishes the outbox to Kafka in batches and records how far it got.

At least once: a batch's position is recorded only after the broker acknowledged every
message of it, so a crash republishes (same envelope ids) and never skips. A broker that is
down or was wiped is waited for: the batch is retried with backoff and topics re-created.

Records are produced on the aiokafka producer under the FastStream publisher, in record
batches per partition, not through FastStream's per-message publish path (its command
objects and middleware stack cost more than the produce itself) nor aiokafka's per-message
``send``. The relay makes the producer span of each message itself: a child
of the trace context stored with the event, injected as the record's ``traceparent``, which
FastStream's consumer middleware continues, so one trace still runs from the HTTP request
through the store and Kafka into every consumer. A publisher without an aiokafka producer
underneath (a test double) is published to message by message as before.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.errors import MessageSizeTooLargeError
from aiokafka.producer.message_accumulator import BatchBuilder
from faststream.kafka.publisher.usecase import DefaultPublisher
from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from lianfang_shared.bus import TopicGuard, events_topic
from lianfang_shared.leader import Leadership, pause
from lianfang_shared.outbox import Outbox, Record
from lianfang_shared.partitioner import partition_index
from lianfang_shared.persistence import Database
from lianfang_shared.retry import Stopped, until_done
from lianfang_shared.settings import PlatformSettings

log = logging.getLogger(__name__)

_PROPAGATOR = TraceContextTextMapPropagator()  # what FastStream's middleware reads and writes
_NO_PARENT = Context()


# Seconds after a passing check within which the next batch is published without checking
# the topic first.
RECHECK_AFTER = 1.0


def kafka_producer(publisher: Any) -> AIOKafkaProducer | None:
    """The started aiokafka producer under a FastStream Kafka publisher, else None."""
    try:  # FastStream 0.7: publisher → broker config → producer state → aiokafka producer
        producer = publisher._outer_config.producer._producer.producer
    except AttributeError:
        return None
    return producer if isinstance(producer, AIOKafkaProducer) else None


class TopicLost(Exception):
    """The broker lost the topic (wiped) while a batch was in flight."""


class Relay:
    """Tails one service's outbox and publishes it to the service's events topic."""

    def __init__(
        self, outbox: Outbox, db: Database, publisher: DefaultPublisher, settings: PlatformSettings
    ) -> None:
        self.outbox = outbox
        self.db = db
        self.publisher = publisher
        self.settings = settings
        self.name = f"{outbox.service}-relay"
        self.topic = events_topic(settings, outbox.service)
        self.topics = TopicGuard(settings, [self.topic])
        self.leadership = Leadership(settings.database_url, f"{db.schema}.relay")
        self.position: int | None = None
        self.published = 0
        self._tracer = trace.get_tracer(__name__)
        self._span_name = f"{self.topic} publish"
        self._span_attributes = {
            "messaging.system": "kafka",
            "messaging.destination.name": self.topic,
            "messaging.operation": "publish",
        }
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        # When the check after the last batch found the topic (None: it did not, or failed).
        self._checked_at: float | None = None

    def nudge(self) -> None:
        """Wake the relay now (thread-safe), e.g. right after a save."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    async def run(self, stopping: asyncio.Event) -> None:
        """Publish until ``stopping`` is set; the batch in hand is finished first."""
        self._loop = asyncio.get_running_loop()
        try:
            while not stopping.is_set():
                if not await self.leadership.acquire():
                    self.position = None  # another instance may have moved it
                    await pause(stopping, 2.0)  # saves (nudges) are the leader's business
                    continue
                self._wake.clear()  # a nudge during the step is kept for the sleep after it
                if not await until_done(self.name, self.step, stopping):
                    await pause(stopping, self.settings.store_poll_interval, self._wake)
        except Stopped:
            log.info("%s stopped while the broker or database was away", self.name)
        finally:
            await self.leadership.release()
            await self.topics.close()

    async def step(self) -> bool:
        """Publish one batch; False when there was nothing new."""
        if self.position is None:
            self.position = await asyncio.to_thread(self._load_position)
        records, last = await asyncio.to_thread(
            self.outbox.read_records, self.position, self.settings.relay_batch_size
        )
        if last == self.position:
            return False
        try:
            if records:
                await self._publish(records)
            await asyncio.to_thread(self._save_position, last)
        except BaseException:
            self._checked_at = None
            raise
        self.position = last
        self.published += len(records)
        return True

    async def _publish(self, records: list[Record]) -> None:
        # Before the batch: unless the check after the last batch passed a moment ago (a
        # backlog, or a steady stream of saves); the check after is what guarantees. After
        # a longer pause the broker may have lost the topic meanwhile, and the producer
        # would wait for metadata of a topic that is not there.
        checked = self._checked_at
        if checked is None or time.monotonic() - checked > RECHECK_AFTER:
            await self.topics.ensure()
        self._checked_at = None
        producer = kafka_producer(self.publisher)
        if producer is not None:
            futures = await self._produce(producer, records)
        else:
            futures = [await self._send(r) for r in records]
        await asyncio.gather(*futures)
        if await self.topics.ensure():
            raise TopicLost(f"{self.topic} vanished while publishing; republishing the batch")
        self._checked_at = time.monotonic()

    async def _produce(
        self, producer: AIOKafkaProducer, records: list[Record]
    ) -> list[asyncio.Future[Any]]:
        """Append the records, in order, to record batches of their partitions and submit
        those; the futures of the batches' acknowledgements.

        A record goes to the partition the producer's own ``send`` would choose (murmur2 of
        the key, as Kafka's clients), so an aggregate's events stay in one partition in log
        order; ``send`` per record costs twice as much for the same result.
        """
        partitions = sorted(await producer.partitions_for(self.topic))
        batches: dict[int, BatchBuilder] = {}
        futures: list[asyncio.Future[Any]] = []
        for record in records:
            partition = partitions[partition_index(record.key, len(partitions))]
            span, headers = self._span(record)
            try:
                batch = batches.get(partition)
                if batch is not None and not _append(batch, record, headers):
                    futures.append(
                        await producer.send_batch(batch, self.topic, partition=partition)
                    )
                    batch = None
                if batch is None:
                    batch = batches[partition] = producer.create_batch()
                    if not _append(batch, record, headers):
                        raise MessageSizeTooLargeError(f"record at {record.key!r} too large")
            finally:
                span.end()
        for partition, batch in batches.items():
            futures.append(await producer.send_batch(batch, self.topic, partition=partition))
        return futures

    def _span(self, record: Record) -> tuple[trace.Span, list[tuple[str, bytes]]]:
        """The producer span of one record (ended by the caller once the record is queued)
        and the record's headers with the span as its ``traceparent``."""
        parent = _PROPAGATOR.extract(_carrier(record)) if record.traceparent else _NO_PARENT
        span = self._tracer.start_span(self._span_name, parent, trace.SpanKind.PRODUCER)
        headers = record.headers
        if span.is_recording():
            span.set_attributes(self._span_attributes)
            span.set_attribute("messaging.kafka.message.key", record.key.decode())
        if span.get_span_context().is_valid:  # nothing to carry without a tracer or a parent
            carrier: dict[str, str] = {}
            _PROPAGATOR.inject(carrier, context=trace.set_span_in_context(span, parent))
            headers = headers + [(k, v.encode()) for k, v in carrier.items()]
        return span, headers

    async def _send(self, record: Record) -> asyncio.Future[Any]:
        """Publish one record through the FastStream publisher (its own spans)."""
        headers = {k: v.decode() for k, v in record.headers}
        token = otel_context.attach(_PROPAGATOR.extract(_carrier(record)))
        try:
            return await self.publisher.publish(
                record.value, key=record.key, headers=headers, no_confirm=True
            )
        finally:
            otel_context.detach(token)

    def _load_position(self) -> int:
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT position FROM relay_position WHERE relay = %s", (self.name,)
            ).fetchone()
        return int(row["position"]) if row else 0

    def _save_position(self, position: int) -> None:
        with self.db.transaction() as conn:
            # Without waiting for the disk: a position lost in a crash only makes the relay
            # publish its batch again (at least once), never skip.
            conn.execute("SET LOCAL synchronous_commit = off")
            conn.execute(
                "INSERT INTO relay_position (relay, position) VALUES (%s, %s) "
                "ON CONFLICT (relay) DO UPDATE SET position = EXCLUDED.position",
                (self.name, position),
            )


def _append(batch: BatchBuilder, record: Record, headers: list[tuple[str, bytes]]) -> bool:
    """Add a record to a batch; False when the batch is full."""
    added = batch.append(key=record.key, value=record.value, timestamp=None, headers=headers)
    return added is not None


def _carrier(record: Record) -> dict[str, str]:
    return {"traceparent": record.traceparent, "tracestate": record.tracestate}
