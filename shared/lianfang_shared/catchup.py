"""Catch-up from the source: fill gaps that Kafka lost by reading the source's own event log.

Kafka may lose messages (a memory-only broker restarted, a consumer that fell behind the
retention). Every service serves its outbox over HTTP (``feed.py``); this loop reads each
upstream's feed after a durable checkpoint and applies whatever the consumer has not seen.
The inbox makes it harmless to see an event on both paths.

While the broker still holds a backlog this process has not taken yet (more than a fetch's
worth: a consumer back after downtime; ``Intake.behind``), catch-up leaves it to Kafka, for
up to ``DEFER_AT_MOST`` seconds in a row: Kafka applies it in runs, one transaction each,
and catch-up one event per transaction, so the two racing over the same events drained a
backlog at half the rate (docs/benchmarks.md).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

import httpx

from lianfang_shared.envelope import Envelope
from lianfang_shared.intake import Intake
from lianfang_shared.persistence import Database

log = logging.getLogger(__name__)

# The longest catch-up waits in a row for Kafka to drain a backlog (a broker that keeps
# reporting records it does not deliver must not hold catch-up off for good).
DEFER_AT_MOST = 15.0
# The share of the interval between passes until the consumer holds its share of the
# group's partitions (the process starting, its group forming or rebalancing): catch-up is
# then the only path, and events turn older than the grace while the group waits out a dead
# member's session. A tenth: 0.5 s at the default interval of 5 s.
UNASSIGNED_SHARE = 0.1
# How long a source may stay unreachable before each failed pass is a warning; until then it
# is logged at INFO: a process starting before its upstream, or in the all-in-one before its
# own server listens (the first passes of every start failed, and warned).
QUIET_FOR = 30.0


class CatchUp:
    """Periodically reads each upstream's feed after a checkpoint and applies what is new."""

    def __init__(
        self,
        intake: Intake,
        db: Database,
        upstreams: Sequence[str],
        feed_url: dict[str, str],
        token: Callable[[], str],
        interval: float,
        page_size: int,
        grace: float,
    ) -> None:
        self.intake = intake
        self.db = db
        self.upstreams = list(upstreams)
        self.feed_url = feed_url
        self.interval = interval
        self.page_size = page_size
        self.grace = grace  # seconds: younger events are left to Kafka
        self.token = token  # asked for each page: minted tokens expire
        self.client = httpx.AsyncClient(timeout=30.0)
        self.filled = 0
        self._deferring: dict[str, float] = {}  # source → since when catch-up defers to Kafka
        self._failing: dict[str, float] = {}  # source → since when its passes fail
        self._random = random.Random()

    async def run(self, stopping: asyncio.Event) -> None:
        """Run passes every ``interval`` seconds until stopping."""
        try:
            while not stopping.is_set():
                for source in self.upstreams:
                    try:
                        await self.catch_up(source)
                        self._failing.pop(source, None)
                    except (httpx.HTTPError, OSError) as e:
                        self._failed(source, e)
                    except Exception:
                        if stopping.is_set():
                            return  # the page is read again from the checkpoint next time
                        raise
                try:
                    await asyncio.wait_for(stopping.wait(), self.pause())
                except TimeoutError:
                    pass
        finally:
            await self.client.aclose()

    def _failed(self, source: str, error: Exception) -> None:
        """Log a pass that could not read ``source``: at INFO until it has failed for
        ``QUIET_FOR`` seconds in a row, then as a warning."""
        since = self._failing.setdefault(source, time.monotonic())
        level = logging.WARNING if time.monotonic() - since >= QUIET_FOR else logging.INFO
        log.log(level, "catch-up from %s failed: %r", source, error)

    def pause(self) -> float:
        """Seconds until the next pass: the interval, or ``UNASSIGNED_SHARE`` of it until the
        consumer holds its share of the group's partitions; jittered."""
        interval = self.interval
        if not self.intake.membership.settled:
            interval *= UNASSIGNED_SHARE
        return interval * self._jitter()

    def _jitter(self) -> float:
        """A factor around 1 for the wait between passes: consumers started together do not
        all read the source's feed at the same moment (a burst of pages that held up the
        source's relay every ``interval`` seconds: docs/benchmarks.md)."""
        return self._random.uniform(0.5, 1.5)

    async def catch_up(self, source: str) -> int:
        """Read ``source``'s feed to its head, or up to the first event younger than the
        grace (Kafka delivers those); apply what the consumer has not seen, each on its own
        (no long transaction to collide with Kafka's runs). How many had an effect."""
        consumer = self.intake.consumer
        position = await asyncio.to_thread(self._load, consumer.name, source)
        filled = 0
        while True:
            response = await self.client.get(
                self.feed_url[source],
                params={"after": position, "limit": self.page_size},
                headers={"Authorization": f"Bearer {self.token()}"},
            )
            response.raise_for_status()
            page = response.json()
            cutoff = datetime.now(UTC) - timedelta(seconds=self.grace)
            envelopes = [Envelope.from_json(item) for item in page["events"]]
            ends = next((i for i, e in enumerate(envelopes) if e.time > cutoff), len(envelopes))
            old, young = envelopes[:ends], ends < len(envelopes)
            if old and await self._kafka_draining(source):
                break  # read again from the checkpoint on the next pass
            for envelope in await asyncio.to_thread(consumer.unseen, old):
                origin = {"feed": source, "position": envelope.sourceposition}
                applied = await self.intake.receive(envelope, origin)
                filled += applied
                self.filled += applied  # as it goes: a pass in progress counts what it did
            reached = (old[-1].sourceposition if old else position) if young else page["next_after"]
            if reached <= position:
                break
            position = reached
            await asyncio.to_thread(self._save, consumer.name, source, position)
            if young or position >= page["head"]:
                break
        if filled:
            log.warning("%s filled %d events from %s's feed", consumer.name, filled, source)
        return filled

    async def _kafka_draining(self, source: str) -> bool:
        """True while the Kafka path has a backlog of ``source``'s events to fetch, for up to
        ``DEFER_AT_MOST`` seconds in a row."""
        if not await self.intake.behind(source):
            self._deferring.pop(source, None)
            return False
        since = self._deferring.setdefault(source, time.monotonic())
        return time.monotonic() - since < DEFER_AT_MOST

    def _load(self, consumer: str, source: str) -> int:
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT position FROM catchup_position WHERE consumer = %s AND source = %s",
                (consumer, source),
            ).fetchone()
        return int(row["position"]) if row else 0

    def _save(self, consumer: str, source: str, position: int) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO catchup_position (consumer, source, position) VALUES (%s, %s, %s) "
                "ON CONFLICT (consumer, source) DO UPDATE SET position = EXCLUDED.position",
                (consumer, source, position),
            )
