"""Rebuilding a read model from the event log into fresh tables, comparing, switching.

The projection's DDL runs in a shadow schema (``<schema>_rebuild_<projection>``) that comes
first on the search path, so its handlers write there while reading any other table from the
live schema. The events are decoded by the service's mapper, so upcasters run. The last stretch,
the comparison and the switch happen in one transaction that holds the live projection's
position row, so the live runner waits and both sides stand at the same position.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from lianfang_shared.audit.compare import TableDiff, compare_table
from lianfang_shared.audit.progress import Progress
from lianfang_shared.projection import Projection
from lianfang_shared.projection_runner import read_position

Conn = psycopg.Connection[Any]


@dataclass
class Outcome:
    """What a rebuild did and found."""

    projection: str
    position: int
    events: int
    seconds: float
    diffs: list[TableDiff] = field(default_factory=list)
    switched: bool = False

    @property
    def rate(self) -> float:
        """Events applied per second."""
        return self.events / self.seconds if self.seconds > 0 else 0.0

    @property
    def equal(self) -> bool:
        """True when every rebuilt table equals the live one."""
        return all(d.equal for d in self.diffs)


class Rebuild:
    """Rebuild one projection of a service's Application."""

    def __init__(
        self, projection: Projection, app: Any, database_url: str, schema: str, batch: int = 500
    ) -> None:
        self.projection = projection
        self.app = app
        self.url = database_url
        self.schema = schema
        self.shadow = f"{schema}_rebuild_{projection.name}"[:63]
        self.batch = batch
        self.applied = 0
        self.position = 0

    def _connect(self) -> Conn:
        path = f"-c search_path={self.shadow},{self.schema},public"
        return psycopg.connect(self.url, autocommit=True, row_factory=dict_row, options=path)

    def run(self, verify: bool, switch: bool, progress: Progress | None = None) -> Outcome:
        """Rebuild; compare if ``verify``; swap the tables in if ``switch``."""
        started = time.monotonic()
        with self._connect() as conn:
            tables = self._prepare(conn)
            self._apply(conn, self._live_position(conn, lock=False), progress)
            with conn.transaction():
                target = self._live_position(conn, lock=True)
                self._apply_in(conn, target, progress)
                compared = tables if verify or switch else []
                diffs = [compare_table(conn, self.schema, self.shadow, t) for t in compared]
                if switch:
                    self._switch(conn, tables)
        if progress is not None:
            progress.finish()
        outcome = Outcome(self.projection.name, self.position, self.applied, 0.0)
        outcome.seconds = time.monotonic() - started
        outcome.diffs = diffs
        outcome.switched = switch
        return outcome

    def _prepare(self, conn: Conn) -> list[str]:
        with conn.transaction():
            shadow = sql.Identifier(self.shadow)
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(shadow))
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(shadow))
            conn.execute(self.projection.tables)
            rows = conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename",
                (self.shadow,),
            ).fetchall()
        return [r["tablename"] for r in rows]

    def _live_position(self, conn: Conn, lock: bool) -> int:
        if lock:
            conn.execute(
                "INSERT INTO projection_position (projection, position) VALUES (%s, 0) "
                "ON CONFLICT DO NOTHING",
                (self.projection.name,),
            )
        return read_position(conn, self.projection.name, lock)

    def _apply(self, conn: Conn, until: int, progress: Progress | None) -> None:
        while self.position < until:
            with conn.transaction():
                if not self._apply_in(conn, until, progress, once=True):
                    return

    def _apply_in(
        self, conn: Conn, until: int, progress: Progress | None, once: bool = False
    ) -> bool:
        """Apply events up to ``until`` in the caller's transaction; False if none was left."""
        while self.position < until:
            found = self.app.recorder.select_notifications(
                start=self.position + 1, limit=self.batch, stop=until
            )
            if not found:
                self.position = until
                return False
            self.projection.apply_notifications(conn, found, self.app.mapper.to_domain_event)
            self.position = found[-1].id
            self.applied += len(found)
            if progress is not None:
                progress.total = max(progress.total, until)
                progress.update(self.position, self.applied)
            if once:
                return True
        return True

    def _switch(self, conn: Conn, tables: list[str]) -> None:
        """Swap the rebuilt tables in; the replaced ones stay in the shadow schema."""
        live, shadow = sql.Identifier(self.schema), sql.Identifier(self.shadow)
        spare = sql.Identifier(f"{self.shadow[:55]}_old")
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(spare))
        for t in tables:
            table = sql.Identifier(t)
            found = conn.execute("SELECT to_regclass(%s) AS r", (f'"{self.schema}"."{t}"',))
            if found.fetchone()["r"] is not None:  # type: ignore[index]
                conn.execute(sql.SQL("ALTER TABLE {}.{} SET SCHEMA {}").format(live, table, spare))
            conn.execute(sql.SQL("ALTER TABLE {}.{} SET SCHEMA {}").format(shadow, table, live))
            conn.execute(
                sql.SQL("ALTER TABLE IF EXISTS {}.{} SET SCHEMA {}").format(spare, table, shadow)
            )
        conn.execute(sql.SQL("DROP SCHEMA {}").format(spare))
