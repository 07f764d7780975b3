"""PostgreSQL wiring: one schema per service, eventsourcing on it, and the platform tables."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import psycopg
from eventsourcing.persistence import InterfaceError, Mapper, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresFactory
from eventsourcing.utils import retry
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from lianfang_shared.context import event_meta

META_KEY = "_meta"

PLATFORM_TABLES = """
CREATE TABLE IF NOT EXISTS inbox (
    consumer text NOT NULL,
    event_id text NOT NULL,
    source text NOT NULL,
    position bigint NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
CREATE TABLE IF NOT EXISTS relay_position (
    relay text PRIMARY KEY,
    position bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS catchup_position (
    consumer text NOT NULL,
    source text NOT NULL,
    position bigint NOT NULL,
    PRIMARY KEY (consumer, source)
);
"""


class AlreadyProcessed(Exception):
    """The message was applied before; the transaction was rolled back."""


@dataclass(frozen=True)
class InboxEntry:
    """The tracking record of one consumed integration event."""

    consumer: str
    event_id: str
    source: str
    position: int


def claim(cursor: psycopg.Cursor[Any], entry: InboxEntry, schema: str) -> bool:
    """Insert the tracking record in the caller's transaction; False if it was there already."""
    cursor.execute(
        sql.SQL(
            "INSERT INTO {}.inbox (consumer, event_id, source, position) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT DO NOTHING RETURNING 1"
        ).format(sql.Identifier(schema)),
        (entry.consumer, entry.event_id, entry.source, entry.position),
    )
    return cursor.fetchone() is not None


def claim_all(cursor: psycopg.Cursor[Any], entries: Sequence[InboxEntry], schema: str) -> set[str]:
    """``claim`` for several envelopes of one consumer with one statement; the event ids that
    were not there already (each entry's id once)."""
    if not entries:
        return set()
    cursor.execute(
        _claim_statement(schema),
        (
            entries[0].consumer,
            [e.event_id for e in entries],
            [e.source for e in entries],
            [e.position for e in entries],
        ),
    )
    return {row["event_id"] for row in cursor.fetchall()}  # the pool's rows are dicts


@lru_cache(maxsize=64)
def _claim_statement(schema: str) -> str:
    """``claim_all``'s statement, composed once per schema (psycopg caches the conversion of
    a text query; a composed one it converts at every call)."""
    return (
        sql.SQL(
            "INSERT INTO {}.inbox (consumer, event_id, source, position) "
            "SELECT %s, e.event_id, e.source, e.position "
            "FROM unnest(%s::text[], %s::text[], %s::bigint[]) AS e(event_id, source, position) "
            "ON CONFLICT DO NOTHING RETURNING event_id"
        )
        .format(sql.Identifier(schema))
        .as_string(None)
    )


def unclaim(cursor: psycopg.Cursor[Any], consumer: str, event_ids: set[str], schema: str) -> None:
    """Take back claims made in the caller's transaction (envelopes it did not apply)."""
    if event_ids:
        cursor.execute(
            sql.SQL("DELETE FROM {}.inbox WHERE consumer = %s AND event_id = ANY(%s)").format(
                sql.Identifier(schema)
            ),
            (consumer, list(event_ids)),
        )


class InboxApplicationRecorder(PostgresApplicationRecorder):
    """Application recorder that writes an inbox record in the same transaction as the events.

    ``app.save(*aggregates, inbox=InboxEntry(...))`` stores the events only if the message
    was not processed before; otherwise it raises AlreadyProcessed and stores nothing.
    """

    def _insert_events(self, curs: psycopg.Cursor[Any], stored_events: Any, **kwargs: Any) -> None:
        entry: InboxEntry | None = kwargs.get("inbox")
        if entry is not None and not claim(curs, entry, self.datastore.schema):
            raise AlreadyProcessed(entry.event_id)
        super()._insert_events(curs, stored_events, **kwargs)

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """eventsourcing's insert, with its COMMIT sent in the same pipeline as the table lock
        and the INSERT. eventsourcing (and psycopg's ``transaction()`` in pipeline mode) wait
        for the INSERT's answer before sending COMMIT, so the table's EXCLUSIVE lock, which
        every save queues for, stayed held while this thread waited for the GIL to read that
        answer: under 32 concurrent requests ~11 saves queued for the lock while its holder
        sat idle in transaction. Here BEGIN … COMMIT go out together (the connection is in
        autocommit mode) and the lock is held for the server's work only. A failed INSERT (a
        concurrent version: IntegrityError) makes the server skip the COMMIT; the pool's
        connection context rolls the transaction back on the way out."""
        if self.datastore.enable_db_functions or not stored_events:
            ids: Sequence[int] | None = super().insert_events(stored_events, **kwargs)
            return ids
        with self.datastore.get_connection() as conn, conn.cursor() as inserted:
            assert conn.autocommit
            with conn.pipeline(), conn.cursor() as curs:
                curs.execute("BEGIN")
                self._insert_events(curs, stored_events, **kwargs)
                self._insert_stored_events(inserted, stored_events, **kwargs)
                curs.execute("COMMIT")
            return self._fetch_ids_after_insert_events(inserted, stored_events, **kwargs)


class LianfangPostgresFactory(PostgresFactory):
    """eventsourcing's PostgreSQL factory with the inbox-aware recorder."""

    application_recorder_class = InboxApplicationRecorder


class MetaMapper(Mapper[Any]):
    """Mapper that stores the actor and trace context with every new domain event."""

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        if META_KEY not in vars(domain_event):
            object.__setattr__(domain_event, META_KEY, event_meta())
        return super().to_stored_event(domain_event)


def event_metadata(domain_event: Any) -> dict[str, str]:
    """The actor and trace context stored with a domain event."""
    return dict(vars(domain_event).get(META_KEY) or {})


def eventsourcing_env(database_url: str, schema: str, pool_size: int = 5) -> dict[str, str]:
    """The eventsourcing environment for a service's Application."""
    info = conninfo_to_dict(database_url)
    return {
        "PERSISTENCE_MODULE": f"{__name__}:LianfangPostgresFactory",
        "MAPPER_TOPIC": f"{__name__}:MetaMapper",
        "POSTGRES_DBNAME": str(info.get("dbname", "postgres")),
        "POSTGRES_HOST": str(info.get("host", "127.0.0.1")),
        "POSTGRES_PORT": str(info.get("port", "5432")),
        "POSTGRES_USER": str(info.get("user", "postgres")),
        "POSTGRES_PASSWORD": str(info.get("password", "")),
        "POSTGRES_SCHEMA": schema,
        "POSTGRES_POOL_SIZE": str(pool_size),
        "POSTGRES_LOCK_TIMEOUT": "5",
        "CREATE_TABLE": "y",
    }


@contextmanager
def schema_lock(database_url: str, schema: str) -> Iterator[None]:
    """Serialise DDL on one schema across processes (replicas starting together would race
    on CREATE TABLE IF NOT EXISTS)."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(hashtext(%s))", (f"lianfang-ddl:{schema}",))
        yield  # closing the connection releases the lock


def ensure_schema(database_url: str, schema: str) -> None:
    """Create the service's schema and the platform tables in it if missing."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
        conn.execute(PLATFORM_TABLES)


class Database:
    """A connection pool whose connections see the service's schema first."""

    def __init__(self, database_url: str, schema: str, size: int = 5) -> None:
        self.schema = schema
        options = f"-c search_path={schema},public"
        self.pool = ConnectionPool(
            database_url,
            min_size=1,
            max_size=size,
            kwargs={"options": options, "row_factory": dict_row},
            open=False,
            name=f"lianfang-{schema}",
        )

    def open(self) -> None:
        """Open the pool (waits for the first connection)."""
        self.pool.open(wait=True, timeout=30)

    def close(self) -> None:
        """Close the pool."""
        self.pool.close()

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection[dict[str, Any]]]:
        """A connection inside one transaction, committed on success."""
        with self.pool.connection() as conn, conn.transaction():
            yield conn  # type: ignore[misc]

    def ping(self) -> bool:
        """True when a trivial query succeeds."""
        try:
            with self.pool.connection(timeout=2) as conn:
                conn.execute("SELECT 1")
            return True
        except Exception:
            return False
