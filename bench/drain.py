"""A consumer back after downtime: how fast review drains the registry events it missed.

Review is stopped, the registry's store takes ``events`` department creations (200 per
transaction, as another replica would save them), and the registry process's relay
publishes them. Then review starts again; the figure is the rate at which its inbox records
them, from the first to the last (the process's start-up is reported apart). Kafka and
catch-up from the registry's feed both deliver, as after a real outage.

The baseline: the statements review makes for them (per 50 events its inbox records with one
statement and the departments of its replica with another, a transaction per fetch of 200),
sent by bare psycopg from one connection: what PostgreSQL and the round trips allow without
Lianfang's Python. Beside it, a bare aiokafka consumer reading the same records; and review's
CPU per event.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import psycopg
from aiokafka import AIOKafkaConsumer

from bench.cpu import tree_seconds
from bench.lab import Figure, Stopwatch
from lianfang_registry.domain.department import Department
from lianfang_shared.bus import events_topic
from lianfang_shared.persistence import eventsourcing_env
from tests.faults import verify
from tests.faults.cluster import Cluster

BATCH = 200
RAW_SCHEMA = "bench_drain_raw"
RAW_TABLES = """
CREATE TABLE inbox (
    consumer text NOT NULL, event_id text NOT NULL, source text NOT NULL,
    position bigint NOT NULL, processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
CREATE TABLE departments (
    id uuid PRIMARY KEY, code text NOT NULL, name text NOT NULL, parent_id uuid,
    source_position bigint NOT NULL, updated_at timestamptz NOT NULL
);
"""


def save_backlog(cluster: Cluster, events: int, run: str) -> None:
    """``events`` department creations in the registry's store, ``BATCH`` per transaction."""
    spec = verify.spec_of("registry")
    app = spec.application_cls(env=eventsourcing_env(cluster.database_url, "registry", 2))
    try:
        for start in range(0, events, BATCH):
            count = min(BATCH, events - start)
            app.save(*(Department(code=f"D{run}{start + i}", name="部门") for i in range(count)))
    finally:
        app.close()


def _relayed(database_url: str) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute("SELECT max(position) FROM registry.relay_position").fetchone()
        return int(row[0] or 0) if row else 0


def _applied(database_url: str, after: int) -> tuple[int, float]:
    """How many registry events after ``after`` review's inbox holds, and the seconds
    between the first and the last of them."""
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT count(*), extract(epoch FROM max(processed_at) - min(processed_at)) "
            "FROM review.inbox WHERE source = 'registry' AND position > %s",
            (after,),
        ).fetchone()
    assert row is not None
    return int(row[0]), float(row[1] or 0.0)


async def _wait(check: Any, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not await asyncio.to_thread(check):
        if time.monotonic() > deadline:
            raise TimeoutError("the backlog was not drained in time")
        await asyncio.sleep(0.2)


async def raw_read(cluster: Cluster, events: int) -> float:
    """A bare aiokafka consumer reading the topic's first ``events`` records; per second."""
    consumer = AIOKafkaConsumer(
        events_topic(cluster.settings, "registry"),
        bootstrap_servers=cluster.broker.bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        group_id=None,
    )
    await consumer.start()
    try:
        read = 0
        with Stopwatch() as w:
            while read < events:
                batches = await consumer.getmany(timeout_ms=1000, max_records=500)
                read += sum(len(records) for records in batches.values())
    finally:
        await consumer.stop()
    return read / w.seconds


def raw_statements(database_url: str, events: int) -> float:
    """Review's statements by bare psycopg, as its runs send them: per 50 events the inbox
    records with one statement and the departments with another (binary arrays, unnested),
    a transaction per 200 (a fetch); per second."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {RAW_SCHEMA} CASCADE")
        conn.execute(f"CREATE SCHEMA {RAW_SCHEMA}")
        conn.execute(f"SET search_path TO {RAW_SCHEMA}")
        conn.execute(RAW_TABLES)
        now = datetime.now(UTC)
        with Stopwatch() as w:
            for start in range(0, events, 200):
                with conn.transaction():
                    for first in range(start, min(start + 200, events), 50):
                        span = range(first, min(first + 50, events))
                        conn.execute(
                            "INSERT INTO inbox (consumer, event_id, source, position) "
                            "SELECT 'review', e.event_id, e.source, e.position FROM "
                            "unnest(%b::text[], %b::text[], %b::int8[]) AS e(event_id, source, "
                            "position) ON CONFLICT DO NOTHING RETURNING event_id",
                            ([f"e{i}" for i in span], ["registry"] * len(span), list(span)),
                        ).fetchall()
                        conn.execute(
                            "INSERT INTO departments (id, code, name, parent_id, "
                            "source_position, updated_at) SELECT * FROM unnest(%b::uuid[], "
                            "%b::text[], %b::text[], %b::uuid[], %b::int8[], %b::timestamptz[]) "
                            "ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, "
                            "parent_id = EXCLUDED.parent_id",
                            (
                                [uuid.uuid4() for _ in span],
                                [f"D{i}" for i in span],
                                ["部门"] * len(span),
                                [None] * len(span),
                                list(span),
                                [now] * len(span),
                            ),
                        )
        conn.execute(f"DROP SCHEMA {RAW_SCHEMA} CASCADE")
    return events / w.seconds


async def measure(root: Path, events: int) -> Figure:
    """The drain figure (see the module's doc)."""
    cluster = Cluster(root / "drain", ["registry", "review"]).start()
    try:
        await cluster.wait_ready()
        review = cluster.processes["review"]
        await asyncio.to_thread(review.stop)
        with psycopg.connect(cluster.database_url) as conn:
            head = verify.head(conn)
        with Stopwatch() as saving:
            await asyncio.to_thread(save_backlog, cluster, events, "drain")
        await _wait(lambda: _relayed(cluster.database_url) >= head + events)
        kafka_rate = await raw_read(cluster, events)
        raw_rate = await asyncio.to_thread(raw_statements, cluster.database_url, events)
        started = time.monotonic()
        review.start()
        await cluster.wait_ready(["review"])
        ready = time.monotonic() - started
        process = psutil.Process(review.pid)
        cpu_at_ready = tree_seconds(process)
        await _wait(lambda: _applied(cluster.database_url, head)[0] >= events)
        drained = time.monotonic() - started
        cpu = tree_seconds(process) - cpu_at_ready
        count, spread = await asyncio.to_thread(_applied, cluster.database_url, head)
    finally:
        cluster.stop()
    rate = count / spread if spread else 0.0
    return Figure(
        "drain",
        f"A consumer back after downtime: review drains {events:,} registry events",
        round(rate, 1),
        "events/s",
        baseline="review's statements by bare psycopg (two per 50 events, 200 per transaction)",
        baseline_value=round(raw_rate, 1),
        goal="report",
        details={
            "how": "review stopped; department creations saved into the registry's store and "
            "published by its relay; review started again. The rate is from review's first "
            "inbox record of them to its last (Kafka and catch-up together)",
            "events": events,
            "bare aiokafka consumer reading the same records (records/s)": round(kafka_rate, 1),
            "saved in (s)": round(saving.seconds, 1),
            "review ready after start (s)": round(ready, 1),
            "all applied after start (s)": round(drained, 1),
            "review's CPU per event after it was ready (µs)": round(cpu * 1e6 / events),
        },
    )
