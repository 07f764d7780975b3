"""Exports of a service's log (or one subject's part of it) for external audit.

Both formats walk the same items: the chained events in a range, each with its recorded digest
and link hash, plus the signed checkpoints in that range. For one subject the range runs from
the last checkpoint before its first event to the first checkpoint after its last one, and the
other events in between appear only as their digests, so the chain still verifies end to end.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from lianfang_shared.audit import checkpoint
from lianfang_shared.audit.chain import Link, Row, genesis
from lianfang_shared.audit.checkpoint import Checkpoint
from lianfang_shared.audit.history import Entry, History
from lianfang_shared.audit.log import Conn
from lianfang_shared.audit.verify import merge
from lianfang_shared.auth import Principal

FORMAT = "lianfang-audit-export/1"


@dataclass(frozen=True)
class Scope:
    """The stretch of the chain an export covers: after ``after`` up to ``until``."""

    after: int
    previous: bytes
    count: int
    until: int
    positions: frozenset[int] | None  # the subject's events; None: every event
    checkpoints: tuple[Checkpoint, ...]


@dataclass(frozen=True)
class Item:
    """One position of the range: what the table holds and what the chain recorded."""

    position: int
    row: Row | None
    link: Link | None
    in_subject: bool
    entry: Entry | None  # decoded for the viewer; None outside the subject or if undecodable

    @property
    def withheld(self) -> bool:
        """True when the viewer may not see some of the event's fields."""
        return self.entry is not None and bool(self.entry.redacted)


def scope(conn: Conn, history: History, subject: UUID | None, viewer: Principal | None) -> Scope:
    """The range to export: the whole chain, or the part around one subject."""
    log = history.log
    end, _ = log.head(conn)
    cps = tuple(checkpoint.stored(conn, log))
    if subject is None:
        return Scope(0, genesis(log.service), 0, end, None, cps)
    found = [e.position for e in history.mentions(subject, viewer, True, 100_000)]
    chained = [p for p in found if p <= end]
    if not chained:
        return Scope(0, genesis(log.service), 0, 0, frozenset(), ())
    before = [cp for cp in cps if cp.position < min(chained)]
    after = [cp for cp in cps if cp.position >= max(chained)]
    start = (before[-1].position, before[-1].head, before[-1].count) if before else None
    until = after[0].position if after else end
    lo, prev, count = start or (0, genesis(log.service), 0)
    inside = tuple(cp for cp in cps if lo <= cp.position <= until)
    return Scope(lo, prev, count, until, frozenset(chained), inside)


def items(conn: Conn, history: History, s: Scope, viewer: Principal | None) -> Iterator[Item]:
    """Every position of the scope, in order."""
    log = history.log
    rows = ((r.position, r) for r in log.stream_rows(conn, s.after, s.until))
    links = log.stream_links(conn, s.after, s.until)
    for pair, link in merge(rows, links):
        row = pair[1] if pair else None
        position = row.position if row else link.position
        inside = row is not None and (s.positions is None or position in s.positions)
        entry = _entry(history, row, viewer) if inside and row is not None else None
        yield Item(position, row, link, inside, entry)


def _entry(history: History, row: Row, viewer: Principal | None) -> Entry | None:
    try:
        return history.entry(row, viewer)
    except Exception:  # a row that no longer decodes (e.g. edited) is still exported raw
        return None


def header(history: History, s: Scope, extra: dict[str, Any]) -> dict[str, Any]:
    """The first line of an export."""
    return {
        "kind": "header",
        "format": FORMAT,
        "service": history.log.service,
        "after": s.after,
        "previous": s.previous.hex(),
        "count": s.count,
        "until": s.until,
        **extra,
    }
