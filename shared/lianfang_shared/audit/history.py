"""What happened to an aggregate, what it was at a time or version, and where a subject appears.

Every answer comes from the event log itself (not from read models), decoded with the service's
own mapper (so upcasters run), with secret fields left out for viewers who may not see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from psycopg import sql

from lianfang_shared.audit.chain import Row
from lianfang_shared.audit.log import Conn, EventLog
from lianfang_shared.audit.plain import plain, short_type
from lianfang_shared.audit.redaction import hidden_fields, redact
from lianfang_shared.auth import Principal
from lianfang_shared.errors import NotFound
from lianfang_shared.persistence import META_KEY, Database, event_metadata

_ENVELOPE = {"originator_id", "originator_version", "originator_topic", "timestamp", META_KEY}
_ROW = "notification_id, originator_id, originator_version, topic, state"


@dataclass(frozen=True)
class Entry:
    """One event of a history, as a viewer may see it."""

    position: int
    aggregate_id: str
    version: int
    type: str
    at: datetime
    actor: str
    data: dict[str, Any]
    redacted: list[str]

    def to_json(self, service: str) -> dict[str, Any]:
        """As the API returns it."""
        return {"service": service, **plain(vars(self))}


class History:
    """Histories and states of one service's aggregates."""

    def __init__(self, app: Any, db: Database, log: EventLog) -> None:
        self.app = app
        self.db = db
        self.log = log

    def decode(self, row: Row) -> Any:
        """The domain event of a stored row (upcast to its current class version)."""
        stored = StoredEvent(
            originator_id=UUID(row.originator_id),
            originator_version=row.originator_version,
            topic=row.topic,
            state=row.state,
        )
        return self.app.mapper.to_domain_event(stored)

    def entry(self, row: Row, viewer: Principal | None) -> Entry:
        """A row as a history entry with the viewer's hidden fields left out."""
        event = self.decode(row)
        data = {k: v for k, v in vars(event).items() if k not in _ENVELOPE}
        hidden = hidden_fields(event, viewer)
        return Entry(
            row.position,
            row.originator_id,
            row.originator_version,
            short_type(row.topic),
            event.timestamp,
            event_metadata(event).get("actor", "system"),
            plain(redact(data, hidden)),
            sorted(hidden & data.keys()),
        )

    def _select(self, conn: Conn, where: str, params: dict[str, Any], limit: int) -> list[Row]:
        q = sql.SQL("SELECT {} FROM {} WHERE {} ORDER BY notification_id LIMIT {}").format(
            sql.SQL(_ROW),
            self.log.events,
            sql.SQL(where),
            sql.Literal(limit),
        )
        return [Row.from_record(r) for r in conn.execute(q, params).fetchall()]

    def rows(self, aggregate_id: UUID) -> list[Row]:
        """The stored events of one aggregate in version order; NotFound if it has none."""
        with self.db.transaction() as conn:
            rows = self._select(conn, "originator_id = %(id)s", {"id": aggregate_id}, 1_000_000)
        if not rows:
            raise NotFound(f"no events of {aggregate_id} in the {self.log.service} log")
        return sorted(rows, key=lambda r: r.originator_version)

    def events(self, aggregate_id: UUID, viewer: Principal | None) -> list[Entry]:
        """The history of one aggregate, oldest first."""
        return [self.entry(r, viewer) for r in self.rows(aggregate_id)]

    def state(
        self,
        aggregate_id: UUID,
        viewer: Principal | None,
        at: datetime | None = None,
        version: int | None = None,
    ) -> dict[str, Any]:
        """The aggregate as it stood at a time or after a version (now if neither)."""
        rows = self.rows(aggregate_id)
        if version is None:
            version = rows[-1].originator_version
            if at is not None:
                before = [r for r in rows if self.decode(r).timestamp <= at]
                if not before:
                    raise NotFound(f"{aggregate_id} did not exist yet at {at.isoformat()}")
                version = before[-1].originator_version
        elif version > rows[-1].originator_version:
            raise NotFound(f"{aggregate_id} has no version {version}")
        aggregate = self.app.repository.get(aggregate_id, version=version)
        state = {k.lstrip("_"): v for k, v in vars(aggregate).items() if k != "_pending_events"}
        hidden = hidden_fields(aggregate, viewer)
        return {
            "service": self.log.service,
            "aggregate_id": str(aggregate_id),
            "type": type(aggregate).__qualname__,
            "version": version,
            "as_of": at.isoformat() if at else None,
            "state": plain(redact(state, hidden)),
            "redacted": sorted(hidden & state.keys()),
        }

    def mentions(
        self, subject: UUID, viewer: Principal | None, related: bool, limit: int
    ) -> list[Entry]:
        """Events of ``subject`` and events whose visible data names it; with ``related``, the
        whole histories of the aggregates that name it."""
        params = {"id": subject, "hex": subject.hex.encode(), "text": str(subject).encode()}
        where = (
            "originator_id = %(id)s OR position(%(hex)s::bytea in state) > 0 "
            "OR position(%(text)s::bytea in state) > 0"
        )
        with self.db.transaction() as conn:
            rows = self._select(conn, where, params, limit)
        found = [e for e in (self.entry(r, viewer) for r in rows) if _names(e, subject)]
        if related:
            others = [UUID(i) for i in {e.aggregate_id for e in found} - {str(subject)}]
            with self.db.transaction() as conn:
                more = self._select(conn, "originator_id = ANY(%(ids)s)", {"ids": others}, limit)
            seen = {e.position for e in found}
            found += [self.entry(r, viewer) for r in more if r.position not in seen]
        return sorted(found, key=lambda e: e.position)[:limit]


def _names(entry: Entry, subject: UUID) -> bool:
    """True if the subject is the entry's aggregate or appears in what the viewer sees."""
    if entry.aggregate_id == str(subject):
        return True
    return str(subject) in repr(entry.data) or subject.hex in repr(entry.data)
