"""What the fault suite checks after a run, read from the databases and the broker.

- the registry's log (its outbox, as envelopes) is the record of what was committed;
- each consumer's inbox must hold exactly the log's events it takes an interest in;
- each read model rebuilt from the log in a fresh schema must equal the live one;
- the relay's topic must hold the log without a gap (after the last broker wipe).
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import psycopg
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from psycopg import sql

from lianfang_shared.consumer import Consumer
from lianfang_shared.envelope import Envelope
from lianfang_shared.outbox import Outbox
from lianfang_shared.persistence import Database, ensure_schema, eventsourcing_env
from lianfang_shared.projection_runner import TABLE as PROJECTION_TABLE
from lianfang_shared.projection_runner import ProjectionRunner

BOOKKEEPING = {"inbox", "relay_position", "catchup_position", "projection_position"}
VOLATILE_DEFAULTS = ("now()", "nextval(", "current_timestamp", "clock_timestamp", "random")


def spec_of(name: str) -> Any:
    """The ServiceSpec of a service or a test probe."""
    if name == "tally":
        from tests.faults.tally import SPEC

        return SPEC
    from lianfang_shared.cli import load_spec

    return load_spec(name)


def retrying(fn: Callable[[], Any], timeout: float = 120.0) -> Any:
    """Call ``fn`` until PostgreSQL answers (it may be restarting)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return fn()
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


class RegistryLog:
    """The registry's outbox read in this process, cached as it grows."""

    def __init__(self, database_url: str) -> None:
        spec = spec_of("registry")
        self.app = spec.application_cls(env=eventsourcing_env(database_url, "registry", 2))
        self.outbox = Outbox("registry", self.app, spec.translate)
        self.envelopes: list[Envelope] = []
        self.position = 0
        # The scenario reads from several threads at once (each fault's recovery timer):
        # unguarded, two of them appended the same page and the counts expected doubled.
        self._lock = threading.Lock()

    def read_to(self, head: int | None = None) -> list[Envelope]:
        """Every envelope up to ``head`` (default: the log's head now)."""
        target = head if head is not None else retrying(self.outbox.head)
        with self._lock:
            while self.position < target:
                page, last = retrying(lambda: self.outbox.read(self.position, 1000))
                self.envelopes += page
                if last == self.position:
                    break
                self.position = last
            return [e for e in self.envelopes if e.sourceposition <= target]

    def close(self) -> None:
        """Close the application's pool."""
        self.app.close()


def interest(name: str, database_url: str) -> Callable[[Envelope], bool]:
    """Which envelopes the consumer ``name`` applies (and so records in its inbox)."""
    spec = spec_of(name)
    app = None
    if spec.application_cls is not None:  # handlers may need the service's Application
        app = spec.application_cls(env=eventsourcing_env(database_url, spec_schema(spec), 1))
    try:
        consumer = Consumer(name, db=None, app=app)  # type: ignore[arg-type]
        spec.handlers(consumer)
    finally:
        if app is not None:
            app.close()
    if getattr(consumer, "_observers", None):  # an observer applies every envelope
        return lambda _: True
    types = {(c.event_type, c.schema_version) for c in consumer.handled_types}
    return lambda e: (e.type, e.schemaversion) in types


def spec_schema(spec: Any) -> str:
    """The PostgreSQL schema of a service (its settings' default)."""
    return str(spec.settings_cls().db_schema)


def head(conn: psycopg.Connection[Any]) -> int:
    """The registry log's newest position."""
    row = conn.execute("SELECT max(notification_id) FROM registry.registry_events").fetchone()
    return int(row[0] or 0) if row else 0


def inbox_count(conn: psycopg.Connection[Any], schema: str, upto: int) -> int:
    """How many registry events up to ``upto`` the consumer in ``schema`` applied."""
    query = sql.SQL(
        "SELECT count(*) FROM {}.inbox WHERE source = 'registry' AND position <= %s"
    ).format(sql.Identifier(schema))
    row = conn.execute(query, (upto,)).fetchone()
    return int(row[0]) if row else 0


def inbox_ids(database_url: str, schema: str) -> list[str]:
    """Event ids of registry events in a consumer's inbox (a list: repeats would show)."""
    with psycopg.connect(database_url) as conn:
        query = sql.SQL("SELECT event_id FROM {}.inbox WHERE source = 'registry'").format(
            sql.Identifier(schema)
        )
        return [r[0] for r in conn.execute(query).fetchall()]


def rebuild_consumer(database_url: str, name: str, envelopes: list[Envelope]) -> str:
    """Apply the log, in order and once, to a fresh schema; return the schema's name."""
    spec = spec_of(name)
    schema = f"rebuilt_{name}"
    ensure_schema(database_url, schema)
    db = Database(database_url, schema, 2)
    db.open()
    app = None
    try:
        with db.transaction() as conn:
            conn.execute(PROJECTION_TABLE + spec.tables)
            for projection in spec.projections:
                conn.execute(projection.tables)
        if spec.application_cls is not None:
            app = spec.application_cls(env=eventsourcing_env(database_url, schema, 2))
        consumer = Consumer(name, db, app)
        spec.handlers(consumer)
        wanted = interest(name, database_url)
        for e in envelopes:
            if wanted(e):
                consumer.apply(e)
        for projection in spec.projections:
            runner = ProjectionRunner(projection, app, db, database_url)
            while runner.step():
                pass
    finally:
        if app is not None:
            app.close()
        db.close()
    return schema


def rebuild_registry(database_url: str, log: RegistryLog) -> str:
    """Replay the registry's log into its projections in a fresh schema."""
    schema = "rebuilt_registry"
    ensure_schema(database_url, schema)
    db = Database(database_url, schema, 2)
    db.open()
    try:
        with db.transaction() as conn:
            conn.execute(PROJECTION_TABLE)
            for projection in spec_of("registry").projections:
                conn.execute(projection.tables)
        for projection in spec_of("registry").projections:
            runner = ProjectionRunner(projection, log.app, db, database_url, batch_size=2000)
            while runner.step():
                pass
    finally:
        db.close()
    return schema


def differences(database_url: str, live: str, rebuilt: str) -> dict[str, str]:
    """Tables of ``rebuilt`` whose rows (volatile columns aside) differ in ``live``."""
    out = {}
    with psycopg.connect(database_url) as conn:
        for table in _tables(conn, rebuilt):
            if table.endswith(("_events", "_snapshots", "_tracking")):
                a = _count(conn, live, table)
                b = _count(conn, rebuilt, table)
                if a != b:
                    out[table] = f"{a} events live, {b} rebuilt"
                continue
            columns = _stable_columns(conn, rebuilt, table)
            a_rows = _rows(conn, live, table, columns)
            b_rows = _rows(conn, rebuilt, table, columns)
            if a_rows != b_rows:
                extra = sum((a_rows - b_rows).values())
                missing = sum((b_rows - a_rows).values())
                out[table] = f"{extra} rows only live, {missing} only rebuilt"
    return out


def _tables(conn: psycopg.Connection[Any], schema: str) -> list[str]:
    rows = conn.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = %s AND table_type = 'BASE TABLE' ORDER BY 1",
        (schema,),
    ).fetchall()
    return [r[0] for r in rows if r[0] not in BOOKKEEPING]


def _stable_columns(conn: psycopg.Connection[Any], schema: str, table: str) -> list[str]:
    rows = conn.execute(
        "SELECT column_name, coalesce(column_default, '') FROM information_schema.columns "
        "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
        (schema, table),
    ).fetchall()
    return [c for c, d in rows if not any(v in d.lower() for v in VOLATILE_DEFAULTS)]


def _rows(
    conn: psycopg.Connection[Any], schema: str, table: str, columns: list[str]
) -> Counter[tuple[Any, ...]]:
    query = sql.SQL("SELECT {} FROM {}.{}").format(
        sql.SQL(", ").join(map(sql.Identifier, columns)),
        sql.Identifier(schema),
        sql.Identifier(table),
    )
    return Counter(tuple(map(_hashable, r)) for r in conn.execute(query).fetchall())


def _hashable(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, default=str)
    return value


def _count(conn: psycopg.Connection[Any], schema: str, table: str) -> int:
    query = sql.SQL("SELECT count(*) FROM {}.{}").format(
        sql.Identifier(schema), sql.Identifier(table)
    )
    row = conn.execute(query).fetchone()
    return int(row[0]) if row else 0


async def partitions_of(bootstrap: str, topic: str) -> list[TopicPartition]:
    """The partitions of ``topic`` as the broker describes them now (none if it is missing)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        described = await admin.describe_topics([topic])
    finally:
        await admin.close()
    found = [t for t in described if t["topic"] == topic and not t.get("error_code")]
    return [TopicPartition(topic, p["partition"]) for t in found for p in t["partitions"]]


async def topic_positions(bootstrap: str, topic: str, wanted: set[int] | None = None) -> list[int]:
    """Source positions of the records on ``topic`` (repeats included), read from the start
    until the topic is quiet, or until every position in ``wanted`` was seen."""
    tps = await partitions_of(bootstrap, topic)
    if not tps:
        return []
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(tps)
        ends = await consumer.end_offsets(tps)
        await consumer.seek_to_beginning(*tps)
        out: list[int] = []
        # Tansu reports a partition's end as the last record batch's base offset + 1, so
        # read past it until the partition stays quiet.
        quiet = 0
        while quiet < 2 or [tp for tp in tps if await consumer.position(tp) < ends[tp]]:
            batch = await consumer.getmany(timeout_ms=500)
            quiet = 0 if batch else quiet + 1
            for records in batch.values():
                out += [Envelope.from_kafka(r.headers, r.value).sourceposition for r in records]
            if wanted is not None and wanted <= set(out):
                break
        return out
    finally:
        await consumer.stop()


def gaps(log_positions: list[int], on_topic: list[int], suffix: bool) -> list[int]:
    """Log positions missing from the topic: below its newest (a prefix read before a wipe)
    or above its oldest (a suffix, after a wipe)."""
    seen = set(on_topic)
    if not seen:
        return []
    if suffix:
        return [p for p in log_positions if p >= min(seen) and p not in seen]
    return [p for p in log_positions if p <= max(seen) and p not in seen]
