"""Signed checkpoints of a chain: its head, length and time, kept outside the events table
(``audit_checkpoints``) and published on Kafka (``<prefix>.audit.checkpoints``).

A checkpoint pins everything up to its position: an edit behind it changes the head, and a
log cut short behind it no longer reaches it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from psycopg import sql

from lianfang_shared.audit.log import Conn, EventLog
from lianfang_shared.audit.signing import Signer, signature_valid
from lianfang_shared.settings import PlatformSettings

TABLES = """
CREATE TABLE IF NOT EXISTS audit_checkpoints (
    position bigint PRIMARY KEY,
    count bigint NOT NULL,
    head bytea NOT NULL,
    made_at timestamptz NOT NULL,
    key_id text NOT NULL,
    signature bytea NOT NULL,
    published boolean NOT NULL DEFAULT false
);
"""
_COLUMNS = "position, count, head, made_at, key_id, signature"


def checkpoints_topic(settings: PlatformSettings) -> str:
    """The topic every service publishes its checkpoints to (key: the service)."""
    return f"{settings.topic_prefix}.audit.checkpoints"


@dataclass(frozen=True)
class Checkpoint:
    """The chain of ``service`` had ``count`` links up to ``position``, ending in ``head``."""

    service: str
    position: int
    count: int
    head: bytes
    made_at: datetime
    key_id: str
    signature: bytes = b""

    def message(self) -> bytes:
        """The bytes the signature covers."""
        fields = {
            "service": self.service,
            "position": self.position,
            "count": self.count,
            "head": self.head.hex(),
            "made_at": self.made_at.astimezone(UTC).isoformat(),
            "key_id": self.key_id,
        }
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()

    def signed(self, signer: Signer) -> Checkpoint:
        """This checkpoint with its signature."""
        unsigned = Checkpoint(
            self.service, self.position, self.count, self.head, self.made_at, signer.key_id
        )
        return replace(unsigned, signature=signer.sign(unsigned.message()))

    def valid(self, keys: dict[str, Ed25519PublicKey]) -> bool:
        """True if a trusted key signed it."""
        return signature_valid(keys, self.key_id, self.signature, self.message())

    def to_json(self) -> dict[str, Any]:
        """As published and exported."""
        return {
            **json.loads(self.message()),
            "signature": self.signature.hex(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Checkpoint:
        """From its published form."""
        return cls(
            str(data["service"]),
            int(data["position"]),
            int(data["count"]),
            bytes.fromhex(data["head"]),
            datetime.fromisoformat(data["made_at"]),
            str(data["key_id"]),
            bytes.fromhex(data["signature"]),
        )


def make(conn: Conn, log: EventLog, signer: Signer) -> Checkpoint | None:
    """Sign and store a checkpoint of the chain's head (None if empty or unchanged)."""
    position, head = log.head(conn)
    if position == 0:
        return None
    table = sql.SQL("{}.audit_checkpoints").format(sql.Identifier(log.schema))
    if conn.execute(
        sql.SQL("SELECT 1 FROM {} WHERE position = %s").format(table), (position,)
    ).fetchone():
        return None
    made = Checkpoint(
        log.service, position, log.length(conn, position), head, datetime.now(UTC), signer.key_id
    ).signed(signer)
    conn.execute(
        sql.SQL("INSERT INTO {} ({}) VALUES (%s, %s, %s, %s, %s, %s)").format(
            table, sql.SQL(_COLUMNS)
        ),
        (made.position, made.count, made.head, made.made_at, made.key_id, made.signature),
    )
    return made


def stored(conn: Conn, log: EventLog, unpublished: bool = False) -> list[Checkpoint]:
    """The service's checkpoints, oldest first (only those not yet on Kafka if asked)."""
    q = sql.SQL("SELECT {} FROM {}.audit_checkpoints {} ORDER BY position").format(
        sql.SQL(_COLUMNS),
        sql.Identifier(log.schema),
        sql.SQL("WHERE NOT published" if unpublished else ""),
    )
    return [
        Checkpoint(
            log.service,
            int(r["position"]),
            int(r["count"]),
            bytes(r["head"]),
            r["made_at"],
            r["key_id"],
            bytes(r["signature"]),
        )
        for r in conn.execute(q).fetchall()
    ]


def mark_published(conn: Conn, log: EventLog, positions: list[int]) -> None:
    """Remember which checkpoints the broker acknowledged."""
    conn.execute(
        sql.SQL("UPDATE {}.audit_checkpoints SET published = true WHERE position = ANY(%s)").format(
            sql.Identifier(log.schema)
        ),
        (positions,),
    )


async def published(settings: PlatformSettings, service: str) -> list[Checkpoint]:
    """The checkpoints of ``service`` on Kafka (read from the beginning, no consumer group)."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    topic = checkpoints_topic(settings)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers, enable_auto_commit=False
    )
    await consumer.start()
    found: list[Checkpoint] = []
    try:
        parts = consumer.partitions_for_topic(topic) or set()
        if not parts:
            await consumer.topics()
            parts = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(parts)]
        if not tps:
            return []
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await consumer.end_offsets(tps)
        while [tp for tp in tps if await consumer.position(tp) < ends[tp]]:
            for records in (await consumer.getmany(timeout_ms=1000)).values():
                for r in records:
                    if r.key == service.encode() and r.value:
                        found.append(Checkpoint.from_json(json.loads(r.value)))
    finally:
        await consumer.stop()
    return sorted({c.position: c for c in found}.values(), key=lambda c: c.position)
