"""Read models of a service's own event log (projections), kept in its own tables.

A projection is a name, its tables' DDL and its handlers by domain-event class. A runner
(``projection_runner``) keeps it up to date; a rebuild (``audit.replay``) applies the whole
log again. Both apply events through ``Projection.apply_notifications``.

A handler takes one event (``@projection.on``) or a run of events (``@projection.on_batch``):
the runner hands a batch handler every consecutive event of its class in one call (events the
projection has no handler for do not break a run), so it can write them with one statement
(``executemany``, ``unnest``) instead of one per event; that is what makes a rebuild fast.
Runs are applied in log order, each in its order, so per-aggregate order holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

import psycopg
from eventsourcing.utils import resolve_topic
from psycopg import sql

# A handler writes rows for one domain event: ``def on_x(conn, event, position)``.
Handler = Callable[[psycopg.Connection[Any], Any, int], None]
# A batch handler writes rows for consecutive events of one class, in log order:
# ``def on_xs(conn, events)`` with ``events`` a list of (event, position).
BatchHandler = Callable[[psycopg.Connection[Any], list[tuple[Any, int]]], None]
# Turns a stored event (a notification) into its domain event: an Application's mapper.
Decode = Callable[[Any], Any]


class Projection:
    """A named read model: its DDL and its handlers by domain-event class."""

    def __init__(self, name: str, tables: str) -> None:
        self.name = name
        self.tables = tables
        self.handlers: dict[type, Handler] = {}
        self.batch_handlers: dict[type, BatchHandler] = {}

    def on(self, event_cls: type) -> Callable[[Handler], Handler]:
        """Register the handler of one domain-event class."""

        def register(fn: Handler) -> Handler:
            self.handlers[event_cls] = fn
            return fn

        return register

    def on_batch(self, event_cls: type) -> Callable[[BatchHandler], BatchHandler]:
        """Register the batch handler of one domain-event class (see the module's doc)."""

        def register(fn: BatchHandler) -> BatchHandler:
            self.batch_handlers[event_cls] = fn
            return fn

        return register

    def handles(self, event_cls: type) -> bool:
        """True if the projection has a handler of either kind for the class."""
        return event_cls in self.handlers or event_cls in self.batch_handlers

    def apply(self, conn: psycopg.Connection[Any], event: Any, position: int) -> None:
        """Apply one event (events without a handler are skipped)."""
        self.apply_all(conn, [(event, position)])

    def apply_all(self, conn: psycopg.Connection[Any], events: Sequence[tuple[Any, int]]) -> None:
        """Apply events in log order: each consecutive run of one class with a batch handler
        in one call, the others one by one; events without a handler are skipped."""
        run: list[tuple[Any, int]] = []
        run_handler: BatchHandler | None = None
        for event, position in events:
            cls = type(event)
            batch = self.batch_handlers.get(cls)
            if batch is not None:
                if batch is not run_handler:
                    if run_handler is not None:
                        run_handler(conn, run)
                    run, run_handler = [], batch
                run.append((event, position))
                continue
            handler = self.handlers.get(cls)
            if handler is None:
                continue
            if run_handler is not None:
                run_handler(conn, run)
                run, run_handler = [], None
            handler(conn, event, position)
        if run_handler is not None:
            run_handler(conn, run)

    def apply_notifications(
        self, conn: psycopg.Connection[Any], notifications: Iterable[Any], decode: Decode
    ) -> None:
        """Apply stored events (an Application's notifications) in log order, decoding with
        ``decode`` (the Application's mapper: upcasters run) only those this projection
        handles; as the live runner does and a rebuild must, so both take the same runs."""
        handles = self.handles
        self.apply_all(
            conn, [(decode(n), n.id) for n in notifications if handles(resolve_topic(n.topic))]
        )


# Rows from which ``insert_rows`` sends COPY instead of one INSERT: below, both cost the same
# (COPY takes a round trip more); from about 100 rows on, COPY is 20-50 % faster (a rebuild's
# batches of 500: PostgreSQL skips the executor's per-row work of INSERT ... SELECT).
COPY_FROM = 100


def insert_rows(
    conn: psycopg.Connection[Any],
    table: str,
    columns: dict[str, str],
    rows: Sequence[Sequence[Any]],
    suffix: str = "",
) -> None:
    """Insert ``rows`` with one statement: each column goes as one binary array of its type
    (``columns``: name → PostgreSQL scalar type as psycopg names it, e.g. ``integer``),
    unnested on the server; ``COPY_FROM`` rows or more without a ``suffix`` go by binary
    COPY. About twice as fast as ``executemany`` for a batch handler's inserts; ``suffix``
    e.g. ``ON CONFLICT DO NOTHING``. Rows are inserted in their order; array-typed columns
    need ``executemany`` instead."""
    if not rows:
        return
    if not suffix and len(rows) >= COPY_FROM:
        with conn.cursor().copy(_copy_statement(table, tuple(columns))) as copy:
            copy.set_types(list(columns.values()))
            for row in rows:
                copy.write_row(row)
        return
    statement = _insert_statement(table, tuple(columns.items()), suffix)
    conn.execute(statement, [list(column) for column in zip(*rows, strict=True)])


@lru_cache(maxsize=256)
def _copy_statement(table: str, columns: tuple[str, ...]) -> str:
    return (
        sql.SQL("COPY {} ({}) FROM STDIN (FORMAT BINARY)")
        .format(sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)))
        .as_string(None)
    )


@lru_cache(maxsize=256)
def _insert_statement(table: str, columns: tuple[tuple[str, str], ...], suffix: str) -> str:
    """``insert_rows``'s statement, composed once per table, columns and suffix (composing
    it cost as much as sending a small batch); text, so that psycopg's tracing names it."""
    return (
        sql.SQL("INSERT INTO {} ({}) SELECT * FROM unnest({}) {}")
        .format(
            sql.Identifier(table),
            sql.SQL(", ").join(sql.Identifier(c) for c, _ in columns),
            sql.SQL(", ").join(sql.SQL(f"%b::{t}[]") for _, t in columns),
            sql.SQL(suffix),
        )
        .as_string(None)
    )
