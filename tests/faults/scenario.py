"""A fault run: commands driven through the gateway while faults are injected on schedule.

Each fault is timed from the moment it is injected until every consumer it touched has
applied everything the registry had committed at that moment (its recovery time). A fault
that strikes before an earlier one's recovery ended is named in that recovery's
``overlapped_by``: its time includes the later fault's.
"""

from __future__ import annotations

import asyncio
import signal
import time
from dataclasses import dataclass, field
from typing import Any

import psycopg
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from psycopg import sql

from lianfang_shared.bus import events_topic
from tests.faults import verify
from tests.faults.cluster import Cluster
from tests.faults.driver import Driver

CONSUMERS = ("review", "warning", "notify", "tally")


@dataclass
class Fault:
    """One fault, injected once ``at`` of the commands were acknowledged."""

    at: float
    kind: str  # kill | broker | postgres | redeliver
    target: str = ""

    def __str__(self) -> str:
        return f"{self.kind} {self.target}".strip()


@dataclass
class Recovery:
    """When a fault struck and how long until its effects were caught up."""

    fault: str
    at_command: int
    head: int
    seconds: float | None = None  # until everything committed before it was applied
    ready_seconds: float | None = None  # until the restarted process answered /readyz
    note: str = ""
    # Faults that struck before this one's recovery ended: its time includes theirs.
    overlapped_by: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    """What a run leaves to check."""

    recoveries: list[Recovery] = field(default_factory=list)
    # Per broker wipe: the relay's recorded position, the topic's positions read right after,
    # and the relay's position once the broker was back.
    wipes: list[tuple[int, list[int], int]] = field(default_factory=list)
    seconds: float = 0.0
    settle_seconds: float = 0.0


class FaultRun:
    """Drives ``total`` commands into ``cluster`` and injects ``faults`` on the way."""

    def __init__(
        self, cluster: Cluster, total: int, faults: list[Fault], concurrency: int = 16
    ) -> None:
        self.cluster = cluster
        self.consumers = [c for c in CONSUMERS if c in cluster.processes]
        self.driver = Driver(cluster.gateway_url, cluster.token("admin"), total, concurrency)
        self.faults = sorted(faults, key=lambda f: f.at)
        self.outcome = Outcome()
        self.log = verify.RegistryLog(cluster.database_url)
        self.wanted = {c: verify.interest(c, cluster.database_url) for c in self.consumers}
        self._monitors: list[asyncio.Task[None]] = []

    async def execute(self, settle_timeout: float = 300.0) -> Outcome:
        """Run the commands and the faults, then wait until every consumer caught up."""
        started = time.monotonic()
        driving = asyncio.create_task(self.driver.run())
        try:
            for fault in self.faults:
                await self.driver.reached(fault.at * self.driver.total)
                if self.driver.finished:
                    break
                await self.inject(fault)
            await driving
        finally:
            if not driving.done():
                driving.cancel()
        self.outcome.seconds = time.monotonic() - started
        settled = time.monotonic()
        final = await asyncio.to_thread(self._head)
        await self._caught_up(self.consumers, final, settle_timeout)
        self.outcome.settle_seconds = time.monotonic() - settled
        for monitor in self._monitors:
            if not monitor.done():
                monitor.cancel()
        return self.outcome

    async def inject(self, fault: Fault) -> None:
        """Inject one fault and start timing its recovery."""
        for earlier in self.outcome.recoveries:
            if earlier.seconds is None:  # still recovering
                earlier.overlapped_by.append(str(fault))
        touched = self.consumers
        recovery = Recovery(str(fault), self.driver.done, 0)
        if fault.kind == "kill":
            touched = [fault.target]
            process = self.cluster.processes[fault.target]
            recovery.head = await asyncio.to_thread(self._head)
            process.kill9()
            process.start()  # as a supervisor would
            self._monitors.append(asyncio.create_task(self._time_ready(recovery, fault.target)))
        elif fault.kind == "broker":
            topic = events_topic(self.cluster.settings, "registry")
            relayed = await asyncio.to_thread(self._relayed)
            logged = await asyncio.to_thread(self.log.read_to, relayed)
            wanted = {e.sourceposition for e in logged}
            positions = await verify.topic_positions(self.cluster.broker.bootstrap, topic, wanted)
            recovery.head = await asyncio.to_thread(self._head)
            after = await self._wipe_broker()
            self.outcome.wipes.append((relayed, positions, after))
        elif fault.kind == "postgres":
            recovery.head = await asyncio.to_thread(self._head)
            await asyncio.to_thread(self.cluster.postgres.restart)
        elif fault.kind == "redeliver":
            recovery.head = await asyncio.to_thread(self._head)
            count = await self.republish_tail(300)
            await asyncio.to_thread(self._rewind_catchup, 2000)
            recovery.note = f"{count} records republished; catch-up rewound by 2,000 positions"
        else:
            raise ValueError(fault.kind)
        self.outcome.recoveries.append(recovery)
        self._monitors.append(asyncio.create_task(self._time(recovery, touched)))

    async def _time(self, recovery: Recovery, touched: list[str]) -> None:
        started = time.monotonic()
        await self._caught_up(touched, recovery.head)
        recovery.seconds = round(time.monotonic() - started, 2)

    async def _time_ready(self, recovery: Recovery, name: str) -> None:
        started = time.monotonic()
        await self.cluster.wait_ready([name], timeout=300)
        recovery.ready_seconds = round(time.monotonic() - started, 2)

    async def _caught_up(
        self, consumers: list[str], head: int, timeout: float | None = None
    ) -> None:
        envelopes = await asyncio.to_thread(self.log.read_to, head)
        expected = {c: sum(1 for e in envelopes if self.wanted[c](e)) for c in consumers}
        deadline = None if timeout is None else time.monotonic() + timeout
        pending = list(consumers)
        while pending:
            counts = await asyncio.to_thread(self._inbox_counts, pending, head)
            pending = [c for c in pending if counts.get(c, -1) < expected[c]]
            if pending and deadline is not None and time.monotonic() > deadline:
                raise AssertionError(
                    f"not caught up with position {head} in {timeout} s: "
                    + ", ".join(f"{c} {counts.get(c)} of {expected[c]}" for c in pending)
                )
            if pending:
                await asyncio.sleep(0.1)

    def _inbox_counts(self, consumers: list[str], head: int) -> dict[str, int]:
        try:
            with psycopg.connect(self.cluster.database_url, connect_timeout=3) as conn:
                return {c: verify.inbox_count(conn, c, head) for c in consumers}
        except psycopg.Error:
            return {}  # restarting, or the consumer's tables are not there yet

    def _head(self) -> int:
        def read() -> int:
            with psycopg.connect(self.cluster.database_url, connect_timeout=3) as conn:
                return verify.head(conn)

        return int(verify.retrying(read))

    async def _wipe_broker(self) -> int:
        """Restart the broker empty; the relay's position when it stopped acknowledging.

        The broker is frozen first, then killed: what it acknowledged until then is lost
        with it, and the relay may record it as published a moment later (its save follows
        the acknowledgement); from the freeze on, only the new broker acknowledges. So the
        position read once it stops moving under the frozen broker bounds what the relay
        must publish again. (A graceful stop kept acknowledging for up to 5 s, and a
        position read right after the restart could miss a save still in flight.)
        """
        broker = self.cluster.broker
        assert broker.process is not None
        broker.process.send_signal(signal.SIGSTOP)
        after, steady = await asyncio.to_thread(self._relayed), 0
        while steady < 5:  # unchanged for half a second
            await asyncio.sleep(0.1)
            now = await asyncio.to_thread(self._relayed)
            after, steady = now, steady + 1 if now == after else 0
        broker.process.kill()
        broker.process.wait()
        await asyncio.to_thread(broker.start)
        return after

    def _relayed(self) -> int:
        """The position the registry's relay recorded as published."""

        def read() -> int:
            with psycopg.connect(self.cluster.database_url, connect_timeout=3) as conn:
                row = conn.execute("SELECT max(position) FROM registry.relay_position").fetchone()
                return int(row[0] or 0) if row else 0

        return int(verify.retrying(read))

    def _rewind_catchup(self, by: int) -> None:
        def rewind() -> None:
            with psycopg.connect(self.cluster.database_url, connect_timeout=3) as conn:
                for c in self.consumers:
                    conn.execute(
                        sql.SQL(
                            "UPDATE {}.catchup_position SET position = greatest(position - %s, 0)"
                        ).format(sql.Identifier(c)),
                        (by,),
                    )

        verify.retrying(rewind)

    async def republish_tail(self, per_partition: int) -> int:
        """Produce the last records of each partition of the registry's topic again, as they
        were (same key, value, headers, partition): a redelivered offset range."""
        bootstrap = self.cluster.broker.bootstrap
        topic = events_topic(self.cluster.settings, "registry")
        consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5)
        await consumer.start()
        await producer.start()
        records: list[Any] = []
        try:
            tps = await verify.partitions_of(bootstrap, topic)
            consumer.assign(tps)
            ends = await consumer.end_offsets(tps)
            for tp in tps:
                consumer.seek(tp, max(0, ends[tp] - per_partition))
            while [tp for tp in tps if await consumer.position(tp) < ends[tp]]:
                batch = await consumer.getmany(timeout_ms=500)
                for tp, recs in batch.items():
                    records += [r for r in recs if r.offset < ends[tp]]
            sent = [
                await producer.send(
                    topic, r.value, key=r.key, partition=r.partition, headers=list(r.headers)
                )
                for r in records
            ]
            await asyncio.gather(*sent)
        finally:
            await consumer.stop()
            await producer.stop()
        return len(records)

    def close(self) -> None:
        """Release the log reader's connections."""
        self.log.close()
