"""Figures over one large registry log: the relay against raw produce of the same bytes, and
a projection rebuild against a raw read of the same notifications.

The log: department creations saved through the registry's Application, 200 per
transaction (bulk, so building it does not dominate the run).
"""

from __future__ import annotations

import asyncio
import statistics

from aiokafka import AIOKafkaProducer

from bench.lab import Figure, Lab, Stopwatch
from lianfang_registry.application import Registry
from lianfang_registry.domain.department import Department
from lianfang_registry.messaging.translate import translate
from lianfang_registry.projections.departments import departments
from lianfang_shared.audit.log import events_table
from lianfang_shared.audit.replay import Rebuild
from lianfang_shared.bus import ensure_topics, events_topic, make_broker
from lianfang_shared.outbox import Outbox
from lianfang_shared.persistence import Database
from lianfang_shared.projection_runner import TABLE as PROJECTION_TABLE
from lianfang_shared.projection_runner import ProjectionRunner
from lianfang_shared.relay import Relay
from lianfang_shared.settings import PlatformSettings

SCHEMA = "bench_log"


def build_log(lab: Lab, events: int) -> Registry:
    """A registry log of ``events`` department creations."""
    app = lab.registry(SCHEMA)
    batch = 200
    for start in range(0, events, batch):
        app.save(*(Department(code=f"L{i}", name=f"部门{i}") for i in range(start, start + batch)))
    return app


async def relay_figure(lab: Lab, app: Registry, events: int) -> Figure:
    """Relay from the log to Kafka (reading, translating, publishing, recording its position)
    against producing the same records with a bare aiokafka producer."""
    settings = lab.settings("benchrelay")
    outbox = Outbox("registry", app, translate)
    records: list[tuple[bytes, bytes, list[tuple[str, bytes]]]] = []
    position = 0
    while position < events:
        envelopes, position = outbox.read(position, 1000)
        for e in envelopes:
            key, value, headers = e.to_kafka()
            records.append((key, value, [(k, v.encode()) for k, v in headers.items()]))
    raw_rates: list[float] = []
    relay_rates: list[float] = []
    relay: Relay | None = None
    # Three passes each, interleaved (raw, relay, raw, ...), the medians compared: a shared
    # machine's load moves single passes by a factor of two.
    for attempt in (1, 2, 3):
        raw_topic = f"benchraw{attempt}.registry.events"
        run = settings.model_copy(update={"topic_prefix": f"benchrelay{attempt}"})
        await ensure_topics(run, [events_topic(run, "registry"), raw_topic])
        producer = AIOKafkaProducer(bootstrap_servers=lab.broker.bootstrap)
        await producer.start()
        try:
            with Stopwatch() as raw:
                futures = [
                    await producer.send(raw_topic, value, key=key, headers=headers)
                    for key, value, headers in records
                ]
                await asyncio.gather(*futures)
        finally:
            await producer.stop()
        raw_rates.append(len(records) / raw.seconds)
        rate, relay = await _relay(lab, run, outbox, events, f"bench_relay{attempt}")
        relay_rates.append(rate)
    assert relay is not None
    smaller = settings.model_copy(update={"relay_batch_size": 200, "topic_prefix": "benchrelay4"})
    await ensure_topics(smaller, [events_topic(smaller, "registry")])
    smaller_rate, _ = await _relay(lab, smaller, outbox, events, "bench_relay_200")
    raw_rate = statistics.median(raw_rates)
    figure = Figure(
        "relay",
        "Relay: notification log → Kafka",
        round(statistics.median(relay_rates), 1),
        "events/s",
        baseline="raw aiokafka batched produce of the same records",
        baseline_value=round(raw_rate, 1),
        goal="≥ 50 % of raw",
        details={
            "events": relay.published,
            "batch size": settings.relay_batch_size,
            "passes (raw, relay; the medians are the figure)": [
                [round(r, 1), round(v, 1)] for r, v in zip(raw_rates, relay_rates, strict=True)
            ],
            "events/s with batch size 200 (the default until 2026-11-27)": round(smaller_rate, 1),
            "ratio with batch size 200": round(smaller_rate / raw_rate, 3),
            "bytes per record (value)": round(sum(len(r[1]) for r in records) / len(records)),
        },
    )
    figure.met = bool(figure.ratio and figure.ratio >= 0.5)
    return figure


async def _relay(
    lab: Lab, settings: PlatformSettings, outbox: Outbox, events: int, schema: str
) -> tuple[float, Relay]:
    """Run a fresh relay (its position kept in ``schema``) over the log; events per second."""
    db = lab.database(schema)
    broker = make_broker(settings, client_id="bench-relay")
    publisher = broker.publisher(events_topic(settings, "registry"))
    await broker.start()
    relay = Relay(outbox, db, publisher, settings)
    try:
        with Stopwatch() as relayed:
            while (relay.position or 0) < events and await relay.step():
                pass
    finally:
        await relay.topics.close()
        await broker.stop()
        db.close()
    return relay.published / relayed.seconds, relay


def replay_figure(lab: Lab, app: Registry, events: int) -> Figure:
    """Rebuild the registry's departments projection from the whole log against reading the
    same notifications raw with ``select_notifications``: three passes each, interleaved,
    the medians compared (as for the relay)."""
    raw_rates: list[float] = []
    rebuild_rates: list[float] = []
    command_rates: list[float] = []
    for attempt in (1, 2, 3):
        with Stopwatch() as raw:
            position, read = 0, 0
            while True:
                page = app.recorder.select_notifications(start=position + 1, limit=500)
                if not page:
                    break
                read += len(page)
                position = page[-1].id
        raw_rates.append(read / raw.seconds)
        db = lab.database(f"bench_replay{attempt}")
        with db.transaction() as conn:
            conn.execute(PROJECTION_TABLE + departments.tables)
        runner = ProjectionRunner(departments, app, db, lab.database_url, batch_size=500)
        with Stopwatch() as rebuilt:
            while runner.step():
                pass
        applied = runner.position()
        if attempt == 1:
            disk = _disk(db, events_table(app), applied)
        db.close()
        rebuild_rates.append(applied / rebuilt.seconds)
        command_rates.append(_replay_command(lab, app, attempt, applied))
    figure = Figure(
        "replay",
        f"Projection rebuild (registry departments) from {events:,} events",
        round(statistics.median(rebuild_rates), 1),
        "events/s",
        baseline="raw select_notifications read of the same log",
        baseline_value=round(statistics.median(raw_rates), 1),
        goal="≥ 25 % of the raw read rate",
        details={
            "events": applied,
            "batch size": runner.batch_size,
            "passes (raw, rebuild; the medians are the figure)": [
                [round(r, 1), round(v, 1)] for r, v in zip(raw_rates, rebuild_rates, strict=True)
            ],
            "lianfang replay (the auditors' rebuild into a shadow schema), events/s": round(
                statistics.median(command_rates), 1
            ),
            "disk, bytes per event (tables with their indexes and TOAST)": disk,
            "lianfang replay / raw read": round(
                statistics.median(command_rates) / statistics.median(raw_rates), 3
            ),
        },
    )
    figure.met = bool(figure.ratio and figure.ratio >= 0.25)
    return figure


def _disk(db: Database, events: str, count: int) -> dict[str, int]:
    """What the log and the rebuilt read model take on disk per event."""
    with db.transaction() as conn:
        sizes = conn.execute(
            "SELECT pg_total_relation_size(%s::regclass) AS log, "
            "pg_total_relation_size(%s::regclass) AS read_model",
            (f"{SCHEMA}.{events}", f"{db.schema}.department_list"),
        ).fetchone()
    assert sizes is not None
    return {
        "the event log (stored events)": round(sizes["log"] / count),
        "the departments read model": round(sizes["read_model"] / count),
    }


def _replay_command(lab: Lab, app: Registry, attempt: int, head: int) -> float:
    """What ``lianfang replay --projection departments`` does (without ``--verify``): rebuild
    into a shadow schema up to the live projection's position, here the head."""
    schema = f"bench_live{attempt}"
    db = lab.database(schema)
    with db.transaction() as conn:
        conn.execute(PROJECTION_TABLE + departments.tables)
        conn.execute(
            "INSERT INTO projection_position (projection, position) VALUES (%s, %s)",
            (departments.name, head),
        )
    db.close()
    outcome = Rebuild(departments, app, lab.database_url, schema).run(verify=False, switch=False)
    assert outcome.events == head, outcome
    return outcome.rate
