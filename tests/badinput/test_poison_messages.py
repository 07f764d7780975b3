"""Poison on every topic every real service consumes: dead-lettered, nothing stored, and
consumption goes on.

The (consumer, topic) pairs come from the ServiceSpecs, so a new subscription is covered
without touching this file. On each consumed topic, on every partition, go bytes that are not
JSON, envelopes with missing or broken CloudEvents headers, an unknown type and an unknown
schema version, and for every contract of the topic's source a body that lacks its fields,
one with wrong-typed fields and one with a field too many; then, per pair and partition, a
valid event the consumer applies. The valid events must be applied (inbox rows), every bad
message must be in the consumer group's dead-letter topic with a reason and its origin, and no
table of any service may hold anything of the bad messages.

One exception is by design: a consumer with an observer (notify's data-driven rules) applies
an envelope of a type it does not know to the observer alone (``Consumer.observes``), so for
notify such an envelope is applied (an inbox row; a rule naming its type may react), not
dead-lettered.
"""

from __future__ import annotations

import asyncio
import secrets
import types
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pytest
from aiokafka import AIOKafkaProducer
from psycopg import sql
from pydantic import BaseModel

from lianfang_shared.bus import consumer_group, dead_letter_topic, ensure_topics, events_topic
from lianfang_shared.cli import load_spec
from lianfang_shared.consumer import Consumer
from lianfang_shared.contracts import ContractError, IntegrationEvent, all_contracts, parse
from lianfang_shared.embedded import TansuBroker
from lianfang_shared.envelope import Envelope
from lianfang_shared.settings import SERVICE_NAMES
from tests.support import System, eventually, fresh_database, platform_for, read_topic, running

pytestmark = pytest.mark.integration

# Every (consuming service, upstream service) pair the services declare.
PAIRS = [(name, up) for name in SERVICE_NAMES for up in load_spec(name).upstreams]
# What every bad message carries, so a scan of every table finds anything of it; envelopes of
# unknown types (applied by an observer, by design) carry their own marks.
MARK, TEXT = "badbad00", "POISON"
UNKNOWN_MARK, UNKNOWN_TEXT = "0dd0dd00", "UNKNOWN"
Headers = list[tuple[str, bytes]]


def marked_uuid(mark: str = MARK) -> str:
    return mark + str(uuid.uuid4())[8:]


def unknown_uuid() -> str:
    return marked_uuid(UNKNOWN_MARK)


def fresh_uuid() -> str:
    return str(uuid.uuid4())


def sample(annotation: Any, new_id: Callable[[], str], text: str) -> Any:
    """A JSON value of the annotated type (the simplest one that validates)."""
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin is Annotated:
        return sample(args[0], new_id, text)
    if origin in (Union, types.UnionType):
        return sample(next(a for a in args if a is not type(None)), new_id, text)
    if origin is Literal:
        return args[0]
    if origin in (list, tuple, set, frozenset):
        return [sample(args[0], new_id, text)] if args else []
    if origin is dict:
        return {}
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return required_body(annotation, new_id, text)
        if issubclass(annotation, Enum):
            return next(iter(annotation)).value
        if issubclass(annotation, bool):
            return True
        if issubclass(annotation, int | float | Decimal):
            return 1
        if issubclass(annotation, uuid.UUID):
            return new_id()
        if issubclass(annotation, datetime):
            return datetime.now(UTC).isoformat()
        if issubclass(annotation, date):
            return date.today().isoformat()
    return f"{text}-{secrets.token_hex(3)}"


def required_body(model: type[BaseModel], new_id: Callable[[], str], text: str) -> dict[str, Any]:
    """The model's required fields, each with a sample value."""
    return {
        name: sample(f.annotation, new_id, text)
        for name, f in model.model_fields.items()
        if f.is_required()
    }


def valid_body(cls: type[IntegrationEvent], new_id: Callable[[], str], text: str) -> dict[str, Any]:
    body = required_body(cls, new_id, text)
    parse(cls.event_type, cls.schema_version, body)  # raises if the sampler could not
    return body


def source_of(cls: type[IntegrationEvent]) -> str:
    return cls.event_type.split(".")[1]


def contracts_of(source: str) -> list[type[IntegrationEvent]]:
    return [c for c in all_contracts().values() if source_of(c) == source]


def observes_everything(consumer: Consumer) -> bool:
    """True if the consumer has an observer, which sees envelopes of unknown types too."""
    return bool(consumer._observers)


def handles(consumer: Consumer, event_type: str) -> bool:
    return observes_everything(consumer) or any(
        c.event_type == event_type for c in consumer.handled_types
    )


def applied_type(consumer: Consumer, source: str) -> type[IntegrationEvent]:
    """A contract of ``source`` the consumer applies, whose body the sampler can make:
    read-model projections first (no aggregates needed), then the fewest fields."""
    candidates = [c for c in contracts_of(source) if c in consumer.handled_types]
    if not candidates and observes_everything(consumer):
        candidates = contracts_of(source)
    projected = consumer._projectors.keys() | consumer._batch_projectors.keys()
    candidates.sort(key=lambda c: (c not in projected, len(required_body(c, fresh_uuid, ""))))
    for cls in candidates:
        try:
            valid_body(cls, fresh_uuid, "ok")
        except ContractError:
            continue
        return cls
    raise AssertionError(f"{consumer.name} applies no contract of {source} the test can make")


def envelope(
    cls: type[IntegrationEvent] | None,
    source: str,
    data: dict[str, Any],
    *,
    id: str | None = None,
    subject: str | None = None,
    type: str | None = None,
    version: int | None = None,
    position: int = 1,
) -> Envelope:
    return Envelope(
        id=id or marked_uuid(),
        source=f"/lianfang/{source}",
        type=type or (cls.event_type if cls else ""),
        subject=subject or marked_uuid(),
        time=datetime.now(UTC),
        schemaversion=version or (cls.schema_version if cls else 1),
        sourceposition=position,
        data=data,
    )


def record(env: Envelope) -> tuple[bytes, bytes, Headers]:
    key, value, headers = env.to_kafka()
    return key, value, [(k, v.encode()) for k, v in headers.items()]


def without(headers: Headers, name: str) -> Headers:
    return [(k, v) for k, v in headers if k != name]


def replaced(headers: Headers, name: str, value: bytes) -> Headers:
    return [*without(headers, name), (name, value)]


@dataclass
class Bad:
    """One bad record as sent: where it landed, what the reason must say, who refuses it."""

    kind: str
    reason: str
    key: bytes | None
    value: bytes | None
    headers: Headers
    refused_by: Callable[[Consumer], bool] = lambda _: True
    spread: bool = False  # one partition (the many per-contract kinds), else every partition
    topic: str = ""
    partition: int = 0
    offset: int = 0
    envelope_id: str | None = None


@dataclass
class Poisoned:
    system: System
    valid: dict[tuple[str, str], list[Envelope]]
    bad: list[Bad]
    dead: dict[str, list[Any]] = field(default_factory=dict)


def bad_messages(source: str, system: System) -> list[Bad]:
    """Every kind of bad message for one upstream's topic (sent once to each partition)."""
    real = contracts_of(source)[0]
    good = record(envelope(real, source, valid_body(real, marked_uuid, TEXT)))
    key, value, headers = good
    unknown = envelope(
        None,
        source,
        {"thing": UNKNOWN_TEXT},
        id=unknown_uuid(),
        subject=unknown_uuid(),
        type=f"lianfang.{source}.poison.happened",
    )
    future = envelope(
        real,
        source,
        valid_body(real, unknown_uuid, UNKNOWN_TEXT),
        id=unknown_uuid(),
        subject=unknown_uuid(),
        version=99,
    )

    def unless_observing(c: Consumer) -> bool:
        return not observes_everything(c)

    out = [
        Bad("not JSON", "body is not JSON", key, b"\x00\xff{not json", headers),
        Bad("empty body", "body is not JSON", key, b"", headers),
        Bad("tombstone", "body is not JSON", key, None, headers),
        Bad("JSON, not an object", "body is not a JSON object", key, b"[1, 2, 3]", headers),
        Bad("no headers", "unsupported specversion None", key, value, []),
        Bad("no ce_type", "invalid envelope", key, value, without(headers, "ce_type")),
        Bad("no ce_id", "invalid envelope", key, value, without(headers, "ce_id")),
        Bad("no ce_source", "invalid envelope", key, value, without(headers, "ce_source")),
        Bad(
            "old specversion",
            "unsupported specversion '0.3'",
            key,
            value,
            replaced(headers, "ce_specversion", b"0.3"),
        ),
        Bad(
            "bad ce_time",
            "invalid envelope",
            key,
            value,
            replaced(headers, "ce_time", b"yesterday"),
        ),
        Bad(
            "bad ce_sourceposition",
            "invalid envelope",
            key,
            value,
            replaced(headers, "ce_sourceposition", b"first"),
        ),
        Bad(
            "ce_type not UTF-8",
            "not UTF-8",
            key,
            value,
            replaced(headers, "ce_type", b"\xff\xfe lianfang"),
        ),
        Bad(
            "null ce_type",
            "invalid envelope",
            key,
            value,
            [*without(headers, "ce_type"), ("ce_type", None)],
        ),
        Bad(
            "JSON nested too deeply",
            "body is not JSON",
            key,
            b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
            headers,
        ),
        Bad(
            "unknown type",
            f"UnknownEventType: unknown event type {unknown.type!r}",
            *record(unknown),
            unless_observing,
            envelope_id=unknown.id,
        ),
        Bad(
            "unknown schema version",
            f"unknown event type {real.event_type!r} v99",
            *record(future),
            unless_observing,
            envelope_id=future.id,
        ),
    ]
    for cls in contracts_of(source):
        body = required_body(cls, marked_uuid, TEXT)
        variants = [("a field too many", {**body, "poison_extra": TEXT})]
        if body:
            variants += [
                ("missing fields", {}),
                ("wrong-typed fields", {k: {TEXT: [1]} for k in body}),
            ]
        for kind, data in variants:
            with pytest.raises(ContractError):  # the test's own check that it is bad
                parse(cls.event_type, cls.schema_version, data)
            env = envelope(cls, source, data)
            out.append(
                Bad(
                    f"{cls.event_type}: {kind}",
                    f"ContractError: {cls.event_type} v",
                    *record(env),
                    envelope_id=env.id,
                    spread=True,
                )
            )
    # Envelopes that are valid but cannot be stored: refused by the consumers applying them.
    for name, up in PAIRS:
        if up != source:
            continue
        consumer = system.services[name].consumer
        assert consumer is not None
        cls = applied_type(consumer, source)
        body = valid_body(cls, marked_uuid, TEXT)

        def applies(c: Consumer, t: str = cls.event_type) -> bool:
            return handles(c, t)

        huge = envelope(cls, source, body, id=MARK + secrets.token_hex(4000))
        far = envelope(cls, source, body, position=10**20)
        out += [
            Bad(
                f"{cls.event_type}: id too long to index",
                "index row",
                *record(huge),
                applies,
                envelope_id=huge.id,
            ),
            Bad(
                f"{cls.event_type}: position beyond bigint",
                "out of range",
                *record(far),
                applies,
                envelope_id=far.id,
            ),
        ]
    return out


async def send(
    producer: AIOKafkaProducer, topic: str, partition: int, bad: Bad
) -> tuple[str, int, int]:
    meta = await producer.send_and_wait(
        topic, bad.value, key=bad.key, partition=partition, headers=bad.headers
    )
    return meta.topic, meta.partition, meta.offset


@pytest.fixture(scope="module")
async def poisoned(postgres_admin: str, kafka: TansuBroker) -> AsyncIterator[Poisoned]:
    """Every service running; every consumed topic poisoned on every partition, then a valid
    event per (consumer, topic) pair on every partition; the dead-letter topics read."""
    with fresh_database(postgres_admin) as url:
        platform = platform_for(
            url,
            kafka.bootstrap,
            f"t{uuid.uuid4().hex[:8]}",
            catchup_interval=3600.0,  # Kafka is the path under test; the feeds hold nothing
        )
        sources = sorted({up for _, up in PAIRS})
        await ensure_topics(platform, [events_topic(platform, s) for s in sources])
        async with running(platform, SERVICE_NAMES) as system:
            producer = AIOKafkaProducer(bootstrap_servers=platform.kafka_bootstrap_servers)
            await producer.start()
            sent: list[Bad] = []
            valid: dict[tuple[str, str], list[Envelope]] = {}
            try:
                for source in sources:
                    topic = events_topic(platform, source)
                    partitions = sorted(await producer.partitions_for(topic))
                    for i, bad in enumerate(bad_messages(source, system)):
                        targets = [partitions[i % len(partitions)]] if bad.spread else partitions
                        for p in targets:
                            t, p, offset = await send(producer, topic, p, bad)
                            sent.append(replace(bad, topic=t, partition=p, offset=offset))
                    for consumer_name, up in PAIRS:
                        if up != source:
                            continue
                        consumer = system.services[consumer_name].consumer
                        assert consumer is not None
                        cls = applied_type(consumer, source)
                        for p in partitions:
                            env = envelope(
                                cls,
                                source,
                                valid_body(cls, fresh_uuid, "ok"),
                                id=fresh_uuid(),
                                subject=fresh_uuid(),
                            )
                            key, value, headers = record(env)
                            await producer.send_and_wait(
                                topic, value, key=key, partition=p, headers=headers
                            )
                            valid.setdefault((consumer_name, source), []).append(env)
            finally:
                await producer.stop()
            yield Poisoned(system, valid, sent)


def inbox(system: System, consumer: str) -> set[str]:
    with system.services[consumer].db.transaction() as conn:
        rows = conn.execute("SELECT event_id FROM inbox WHERE consumer = %s", (consumer,))
        return {r["event_id"] for r in rows.fetchall()}


@pytest.fixture(scope="module")
async def settled(poisoned: Poisoned) -> Poisoned:
    """Wait until each consumer applied its valid events (sent after every bad message on
    every partition), then read each consumer group's dead-letter topic."""
    system = poisoned.system
    for (consumer, _), envs in poisoned.valid.items():
        wanted = {e.id for e in envs}

        async def applied(c: str = consumer, w: set[str] = wanted) -> bool:
            return w <= await asyncio.to_thread(inbox, system, c)

        await eventually(applied, timeout=45)
    for consumer in {c for c, _ in PAIRS}:
        service = system.services[consumer]
        assert service.consumer is not None
        topics = {events_topic(system.platform, up) for up in service.spec.upstreams}
        expected = [b for b in poisoned.bad if b.topic in topics and b.refused_by(service.consumer)]
        group = consumer_group(system.platform, service.settings)
        poisoned.dead[consumer] = await read_topic(
            system.platform.kafka_bootstrap_servers,
            dead_letter_topic(system.platform, group),
            len(expected),
        )
    return poisoned


def origin(record: Any) -> tuple[str, int, int]:
    h = {k: v.decode() for k, v in record.headers}
    return h["dlq_topic"], int(h["dlq_partition"]), int(h["dlq_offset"])


@pytest.mark.parametrize(("consumer", "upstream"), PAIRS, ids=[f"{c}<-{u}" for c, u in PAIRS])
async def test_every_bad_message_is_dead_lettered_with_reason_and_origin(
    settled: Poisoned, consumer: str, upstream: str
) -> None:
    system = settled.system
    service = system.services[consumer]
    assert service.consumer is not None
    topic = events_topic(system.platform, upstream)
    expected = {
        (b.topic, b.partition, b.offset): b
        for b in settled.bad
        if b.topic == topic and b.refused_by(service.consumer)
    }
    dead = {origin(r): r for r in settled.dead[consumer] if origin(r)[0] == topic}
    missing = sorted(
        f"{b.kind} @{b.partition}:{b.offset}" for o, b in expected.items() if o not in dead
    )
    assert not missing, f"{consumer} did not dead-letter from {upstream}: {missing}"
    assert set(dead) == set(expected), "dead letters that were not sent as bad messages"
    kinds = {b.kind for b in expected.values()}
    assert any("missing fields" in k for k in kinds) and "not JSON" in kinds
    for where, r in dead.items():
        bad = expected[where]
        h = {k: v.decode(errors="replace") for k, v in r.headers}
        assert bad.reason in h["dlq_reason"], (bad.kind, h["dlq_reason"])
        assert h["dlq_consumer"] == consumer
        assert r.value == (bad.value or b""), bad.kind  # the record as received
        assert r.key == bad.key
        for k, v in bad.headers:  # its own headers kept (undecodable bytes replaced)
            assert h[k] == (v or b"").decode(errors="replace"), (bad.kind, k)


@pytest.mark.parametrize(("consumer", "upstream"), PAIRS, ids=[f"{c}<-{u}" for c, u in PAIRS])
async def test_consumption_goes_on_after_the_poison(
    settled: Poisoned, consumer: str, upstream: str
) -> None:
    """The valid events sent after the poison, on every partition, were applied (their inbox
    rows commit with their effect), and a new one still is."""
    system = settled.system
    applied = await asyncio.to_thread(inbox, system, consumer)
    assert {e.id for e in settled.valid[(consumer, upstream)]} <= applied
    service = system.services[consumer]
    assert service.consumer is not None
    cls = applied_type(service.consumer, upstream)
    env = envelope(
        cls, upstream, valid_body(cls, fresh_uuid, "ok"), id=fresh_uuid(), subject=fresh_uuid()
    )
    producer = AIOKafkaProducer(bootstrap_servers=system.platform.kafka_bootstrap_servers)
    await producer.start()
    try:
        key, value, headers = record(env)
        await producer.send_and_wait(
            events_topic(system.platform, upstream), value, key=key, headers=headers
        )
    finally:
        await producer.stop()
    await eventually(lambda: asyncio.to_thread(lambda: env.id in inbox(system, consumer)))


def marked_rows(system: System, service: str, marks: list[str]) -> dict[str, list[Any]]:
    """Rows of any table of the service's schema holding any of the marks."""
    found: dict[str, list[Any]] = {}
    db = system.services[service].db
    with db.transaction() as conn:
        columns = conn.execute(
            "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c "
            "JOIN information_schema.tables t USING (table_schema, table_name) "
            "WHERE c.table_schema = %s AND t.table_type = 'BASE TABLE'",
            (db.schema,),
        ).fetchall()
        for table in sorted({c["table_name"] for c in columns}):
            raw = [
                c["column_name"]
                for c in columns
                if c["table_name"] == table and c["data_type"] == "bytea"
            ]
            conditions = [sql.SQL("x::text LIKE {}").format(f"%{m}%") for m in marks]
            conditions += [
                sql.SQL("position({}::bytea IN x.{}) > 0").format(m.encode(), sql.Identifier(c))
                for c in raw
                for m in marks
            ]
            query = sql.SQL("SELECT x::text AS row FROM {}.{} AS x WHERE {}").format(
                sql.Identifier(db.schema), sql.Identifier(table), sql.SQL(" OR ").join(conditions)
            )
            rows = [r["row"] for r in conn.execute(query).fetchall()]
            if rows:
                found[table] = rows
    return found


@pytest.mark.parametrize("service", SERVICE_NAMES)
async def test_nothing_of_the_poison_is_stored(settled: Poisoned, service: str) -> None:
    """No table of any service holds anything of a bad message; a consumer with an observer
    applies the envelopes of unknown types (their inbox rows; its rules may react)."""
    system = settled.system
    consumer = system.services[service].consumer
    observer = consumer is not None and observes_everything(consumer)
    marks = [MARK, TEXT] if observer else [MARK, TEXT, UNKNOWN_MARK, UNKNOWN_TEXT]
    assert await asyncio.to_thread(marked_rows, system, service, marks) == {}
    if observer:
        assert consumer is not None
        topics = {
            events_topic(system.platform, up) for up in system.services[service].spec.upstreams
        }
        accepted = {
            b.envelope_id for b in settled.bad if b.topic in topics and not b.refused_by(consumer)
        }
        assert accepted and accepted <= await asyncio.to_thread(inbox, system, service)
