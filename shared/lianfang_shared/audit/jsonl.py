"""The JSON Lines export: a header, one line per position, the checkpoints, and a signed seal.

Event lines carry the stored row exactly (``state`` as text, or ``state_b64``) with its digest
and link hash, so ``lianfang audit verify --file`` recomputes the chain offline; the seal signs
the SHA-256 of every byte before it. ``type``, ``at`` and ``actor`` are read from the state for
people; the verifier relies on the stored fields only.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from lianfang_shared.audit.export import FORMAT, Item, header, items, scope
from lianfang_shared.audit.history import History
from lianfang_shared.audit.signing import Signer, public_pem
from lianfang_shared.auth import Principal


def seal_message(sha256_hex: str) -> bytes:
    """What the seal's signature covers."""
    return f"{FORMAT}:seal:{sha256_hex}".encode()


def _stored(item: Item) -> dict[str, Any]:
    row = item.row
    assert row is not None
    out: dict[str, Any] = {
        "originator_id": row.originator_id,
        "originator_version": row.originator_version,
        "topic": row.topic,
    }
    if item.withheld and item.entry is not None:
        out["withheld"] = item.entry.redacted
        return out
    try:
        out["state"] = row.state.decode("utf-8")
    except UnicodeDecodeError:
        out["state_b64"] = base64.b64encode(row.state).decode()
    return out


def line(item: Item) -> dict[str, Any]:
    """The line of one position."""
    link = item.link
    chained: dict[str, str | None] = {"digest": None, "hash": None}
    if link is not None:
        chained = {"digest": link.digest.hex(), "hash": link.hash.hex()}
    if item.row is None:
        assert link is not None
        who = {"originator_id": link.originator_id, "originator_version": link.originator_version}
        return {"kind": "link", "position": item.position, **who, **chained, "absent": True}
    if not item.in_subject:
        return {"kind": "link", "position": item.position, **chained}
    out: dict[str, Any] = {"kind": "event", "position": item.position, **_stored(item)}
    out.update(chained)
    if item.entry is not None:
        out.update(type=item.entry.type, at=item.entry.at.isoformat(), actor=item.entry.actor)
    return out


def _bytes(obj: dict[str, Any]) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def export_jsonl(
    history: History,
    subject: UUID | None,
    viewer: Principal | None,
    signer: Signer,
    exported_by: str,
) -> Iterator[bytes]:
    """The export, line by line (for streaming)."""
    sha = hashlib.sha256()
    count = 0

    def emit(obj: dict[str, Any]) -> bytes:
        nonlocal count
        data = _bytes(obj)
        sha.update(data)
        count += 1
        return data

    with history.db.transaction() as conn:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        s = scope(conn, history, subject, viewer)
        extra = {
            "subject": str(subject) if subject else None,
            "exported_at": datetime.now(UTC).isoformat(),
            "exported_by": exported_by,
            "key_id": signer.key_id,
            "public_key": public_pem(signer.public),
        }
        yield emit(header(history, s, extra))
        for item in items(conn, history, s, viewer):
            yield emit(line(item))
        for cp in s.checkpoints:
            yield emit({"kind": "checkpoint", **cp.to_json()})
    digest = sha.hexdigest()
    signature = signer.sign(seal_message(digest)).hex()
    seal = {"kind": "seal", "lines": count, "sha256": digest, "key_id": signer.key_id}
    yield _bytes({**seal, "signature": signature})
