"""A service's event log and chain in PostgreSQL: reading rows and links, extending the chain."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from lianfang_shared.audit.chain import Link, Row, digest, genesis, link

Conn = psycopg.Connection[Any]
_ROW = "notification_id, originator_id, originator_version, topic, state"


def events_table(application: Any) -> str:
    """The events table eventsourcing names after the Application (``<name>_events``)."""
    recorder = getattr(application, "recorder", None)
    if recorder is not None:
        return str(recorder.events_table_name)
    return f"{application.name.lower()}_events"


@dataclass(frozen=True)
class EventLog:
    """Where one service's events and chain live."""

    service: str
    schema: str
    table: str

    @property
    def events(self) -> sql.Composed:
        """The qualified events table."""
        return sql.SQL("{}.{}").format(sql.Identifier(self.schema), sql.Identifier(self.table))

    @property
    def chain(self) -> sql.Composed:
        """The qualified chain table."""
        return sql.SQL("{}.audit_chain").format(sql.Identifier(self.schema))

    def rows(self, conn: Conn, after: int, limit: int) -> list[Row]:
        """Stored events after a position, in log order."""
        q = sql.SQL(
            "SELECT {} FROM {} WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
        )
        cur = conn.execute(q.format(sql.SQL(_ROW), self.events), (after, limit))
        return [Row.from_record(r) for r in cur.fetchall()]

    def stream_rows(self, conn: Conn, after: int = 0, until: int | None = None) -> Iterator[Row]:
        """Every stored event after ``after`` (up to ``until``), read in pages."""
        while True:
            page = self.rows(conn, after, 2000)
            for row in page:
                if until is not None and row.position > until:
                    return
                yield row
            if len(page) < 2000:
                return
            after = page[-1].position

    def links(self, conn: Conn, after: int, limit: int) -> list[Link]:
        """Recorded links after a position."""
        q = sql.SQL(
            "SELECT position, originator_id, originator_version, digest, hash FROM {} "
            "WHERE position > %s ORDER BY position LIMIT %s"
        ).format(self.chain)
        return [
            Link(
                int(r["position"]),
                r["originator_id"],
                int(r["originator_version"]),
                bytes(r["digest"]),
                bytes(r["hash"]),
            )
            for r in conn.execute(q, (after, limit)).fetchall()
        ]

    def stream_links(self, conn: Conn, after: int = 0, until: int | None = None) -> Iterator[Link]:
        """Every recorded link after ``after`` (up to ``until``), read in pages."""
        while True:
            page = self.links(conn, after, 2000)
            for item in page:
                if until is not None and item.position > until:
                    return
                yield item
            if len(page) < 2000:
                return
            after = page[-1].position

    def head(self, conn: Conn) -> tuple[int, bytes]:
        """The chain's last position and hash (0 and the genesis when empty)."""
        row = conn.execute(
            sql.SQL("SELECT position, hash FROM {} ORDER BY position DESC LIMIT 1").format(
                self.chain
            )
        ).fetchone()
        if row is None:
            return 0, genesis(self.service)
        return int(row["position"]), bytes(row["hash"])

    def length(self, conn: Conn, until: int) -> int:
        """How many links the chain has up to a position."""
        row = conn.execute(
            sql.SQL("SELECT count(*) AS n FROM {} WHERE position <= %s").format(self.chain),
            (until,),
        ).fetchone()
        return int(row["n"]) if row else 0

    def position_of(self, conn: Conn, row_digest: bytes) -> int | None:
        """Where the chain recorded a row with this digest (to tell reordering from edits)."""
        row = conn.execute(
            sql.SQL("SELECT position FROM {} WHERE digest = %s ORDER BY position LIMIT 1").format(
                self.chain
            ),
            (row_digest,),
        ).fetchone()
        return int(row["position"]) if row else None

    def extend(self, conn: Conn, limit: int = 1000) -> int:
        """Chain the next stored events (one writer at a time); how many were chained."""
        conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"{self.schema}.audit_chain",))
        position, previous = self.head(conn)
        rows = self.rows(conn, position, limit)
        links = []
        for row in rows:
            d = digest(row)
            previous = link(previous, row.position, d)
            links.append((row.position, row.originator_id, row.originator_version, d, previous))
        if links:
            with conn.cursor() as cur:
                cur.executemany(
                    sql.SQL(
                        "INSERT INTO {} (position, originator_id, originator_version, digest, "
                        "hash) VALUES (%s, %s, %s, %s, %s)"
                    ).format(self.chain),
                    links,
                )
        return len(links)
