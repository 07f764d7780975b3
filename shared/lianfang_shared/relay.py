"""The relay: publishes the outbox to Kafka in batches and records how far it got.

At least once: a batch's position is recorded only after the broker acknowledged every
message of it, so a crash republishes (same envelope ids) and never skips. A broker that is
down or was wiped is waited for: the batch is retried with backoff and topics re-created.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from faststream.kafka.publisher.usecase import DefaultPublisher
from opentelemetry import context as otel_context
from opentelemetry import propagate

from lianfang_shared.bus import TopicGuard, events_topic
from lianfang_shared.envelope import Envelope
from lianfang_shared.leader import Leadership
from lianfang_shared.outbox import Outbox
from lianfang_shared.persistence import Database
from lianfang_shared.retry import Stopped, until_done
from lianfang_shared.settings import PlatformSettings

log = logging.getLogger(__name__)


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
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None

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
                    await self._sleep(stopping, 2.0)
                    continue
                if not await until_done(self.name, self.step, stopping):
                    await self._sleep(stopping, self.settings.relay_poll_interval)
        except Stopped:
            log.info("%s stopped while the broker or database was away", self.name)
        finally:
            await self.leadership.release()
            await self.topics.close()

    async def step(self) -> bool:
        """Publish one batch; False when there was nothing new."""
        if self.position is None:
            self.position = await asyncio.to_thread(self._load_position)
        envelopes, last = await asyncio.to_thread(
            self.outbox.read, self.position, self.settings.relay_batch_size
        )
        if last == self.position:
            return False
        if envelopes:
            await self._publish(envelopes)
        await asyncio.to_thread(self._save_position, last)
        self.position = last
        self.published += len(envelopes)
        return True

    async def _publish(self, envelopes: list[Envelope]) -> None:
        await self.topics.ensure()
        futures = [await self._send(e) for e in envelopes]
        await asyncio.gather(*futures)
        if await self.topics.ensure():
            raise TopicLost(f"{self.topic} vanished while publishing; republishing the batch")

    async def _send(self, envelope: Envelope) -> asyncio.Future[Any]:
        key, value, headers = envelope.to_kafka()
        carrier = {"traceparent": envelope.traceparent, "tracestate": envelope.tracestate}
        token = otel_context.attach(propagate.extract(carrier))
        try:
            return await self.publisher.publish(value, key=key, headers=headers, no_confirm=True)
        finally:
            otel_context.detach(token)

    async def _sleep(self, stopping: asyncio.Event, seconds: float) -> None:
        self._wake.clear()
        waits = [asyncio.create_task(stopping.wait()), asyncio.create_task(self._wake.wait())]
        _, pending = await asyncio.wait(waits, timeout=seconds, return_when="FIRST_COMPLETED")
        for task in pending:
            task.cancel()

    def _load_position(self) -> int:
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT position FROM relay_position WHERE relay = %s", (self.name,)
            ).fetchone()
        return int(row["position"]) if row else 0

    def _save_position(self, position: int) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO relay_position (relay, position) VALUES (%s, %s) "
                "ON CONFLICT (relay) DO UPDATE SET position = EXCLUDED.position",
                (self.name, position),
            )
