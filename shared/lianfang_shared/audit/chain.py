"""The hash chain over a service's stored events, in log (notification id) order.

Each stored row has a digest of its content exactly as stored (originator id, version, topic
and state bytes: encrypted or compressed state stays verifiable without decrypting it), and
each link commits to the previous link and to the row's position and digest::

    digest = sha256(len|originator_id  len|version  len|topic  len|state)
    hash_p = sha256(hash_prev || position (8 bytes, big-endian) || digest)

The first link's ``hash_prev`` is the genesis of the service, so a chain cannot be moved to
another service. Links are kept in ``audit_chain`` beside the events table, never in it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

FORMAT = "lianfang-audit-chain/1"

TABLES = """
CREATE TABLE IF NOT EXISTS audit_chain (
    position bigint PRIMARY KEY,
    originator_id text NOT NULL,
    originator_version bigint NOT NULL,
    digest bytea NOT NULL,
    hash bytea NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_chain_digest ON audit_chain (digest);
"""


@dataclass(frozen=True)
class Row:
    """One stored event as the events table holds it."""

    position: int
    originator_id: str
    originator_version: int
    topic: str
    state: bytes

    @classmethod
    def from_record(cls, r: Any) -> Row:
        """From a dict row of the events table."""
        return cls(
            int(r["notification_id"]),
            str(r["originator_id"]),
            int(r["originator_version"]),
            r["topic"] or "",
            bytes(r["state"] or b""),
        )


@dataclass(frozen=True)
class Link:
    """One link of the chain as recorded (or as claimed by an export)."""

    position: int
    originator_id: str
    originator_version: int
    digest: bytes
    hash: bytes


def genesis(service: str) -> bytes:
    """The hash before the first link of a service's chain."""
    return hashlib.sha256(f"{FORMAT}:{service}".encode()).digest()


def _field(data: bytes) -> bytes:
    return len(data).to_bytes(8, "big") + data


def digest(row: Row) -> bytes:
    """The digest of a row's content (without its position)."""
    h = hashlib.sha256()
    for part in (
        row.originator_id.encode(),
        str(row.originator_version).encode(),
        row.topic.encode(),
        row.state,
    ):
        h.update(_field(part))
    return h.digest()


def link(previous: bytes, position: int, row_digest: bytes) -> bytes:
    """The hash of the link at ``position`` following ``previous``."""
    return hashlib.sha256(previous + position.to_bytes(8, "big") + row_digest).digest()
