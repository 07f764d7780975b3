"""Helpers of the notify tests: synthetic envelopes on Kafka, contact points, reading state."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from itertools import count
from typing import Any

from aiokafka import AIOKafkaProducer

from lianfang_shared.bus import ensure_topics, events_topic
from lianfang_shared.envelope import Envelope
from lianfang_shared.outbox import envelope_id
from lianfang_shared.settings import PlatformSettings
from tests.support import System, eventually

POSITIONS = count(1)


def envelope(
    event_type: str,
    data: dict[str, Any],
    *,
    service: str | None = None,
    subject: str | None = None,
    time: datetime | None = None,
) -> Envelope:
    """A synthetic integration event, as ``service``'s relay would publish it."""
    service = service or event_type.split(".")[1]
    subject = subject or str(uuid.uuid4())
    position = next(POSITIONS)
    return Envelope(
        id=envelope_id(service, subject, position),
        source=f"/lianfang/{service}",
        type=event_type,
        subject=subject,
        time=time or datetime.now(UTC),
        sourceposition=position,
        data=data,
    )


async def publish(
    platform: PlatformSettings, *envelopes: Envelope, partition: int | None = None
) -> None:
    """Produce the envelopes to their services' topics (binary-mode CloudEvents)."""
    topics = sorted({events_topic(platform, e.service) for e in envelopes})
    await ensure_topics(platform, topics)
    producer = AIOKafkaProducer(bootstrap_servers=platform.kafka_bootstrap_servers)
    await producer.start()
    try:
        for env in envelopes:
            key, value, headers = env.to_kafka()
            await producer.send_and_wait(
                events_topic(platform, env.service),
                value,
                key=key,
                partition=partition,
                headers=[(k, v.encode()) for k, v in headers.items()],
            )
    finally:
        await producer.stop()


async def contact(s: System, address: str, channel: str, target: str, **extra: Any) -> int:
    """Register a contact point through the API (as an admin)."""
    body = {"address": address, "channel": channel, "target": target, **extra}
    r = await s.http.post(
        "/api/v1/notify/contact-points", json=body, headers=s.auth("admin", user="admin-1")
    )
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def rows(s: System, sql: str, *params: Any) -> list[dict[str, Any]]:
    """Rows of a query on notify's schema."""
    with s.services["notify"].db.transaction() as conn:
        return conn.execute(sql, params).fetchall()


async def applied(s: System, n: int) -> None:
    """Wait until notify's consumer has applied ``n`` events."""
    consumer = s.services["notify"].consumer
    await eventually(lambda: asyncio.sleep(0, result=consumer.applied >= n))


async def duplicates(s: System, n: int) -> None:
    """Wait until notify's consumer has been handed ``n`` events it had applied before."""
    consumer = s.services["notify"].consumer
    await eventually(lambda: asyncio.sleep(0, result=consumer.duplicates >= n))


async def settled(s: System, n: int) -> list[dict[str, Any]]:
    """Wait until there are ``n`` deliveries and none is waiting; return them."""

    async def check() -> list[dict[str, Any]]:
        found = await asyncio.to_thread(
            rows, s, "SELECT id, channel, status, attempts, last_error FROM deliveries ORDER BY id"
        )
        done = len(found) == n and all(d["status"] in ("sent", "failed") for d in found)
        return found if done else []

    return await eventually(check)


def fresh_group(monkeypatch: Any, platform: PlatformSettings) -> None:
    """Restart notify under a new consumer group: Kafka sends it everything again (which its
    inbox must absorb), and it need not wait for the old group's members to expire."""
    monkeypatch.setenv(
        "LIANFANG_NOTIFY_CONSUMER_GROUP", f"{platform.topic_prefix}-notify-{uuid.uuid4().hex[:6]}"
    )


def bearer(s: System, *roles: str, user: str, **claims: Any) -> dict[str, str]:
    """Authorization header of a user with roles and claims (department_id, person_id)."""
    return {"Authorization": f"Bearer {s.token(*roles, user=user, **claims)}"}
