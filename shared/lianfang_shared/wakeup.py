"""Wake-ups across processes: a save in any replica wakes every replica's relay, projections
and audit trail at once, instead of at their next poll.

A statement trigger on the service's events table calls ``pg_notify`` (delivered at commit,
once per transaction); each process LISTENs on one connection and nudges its service. The
polls stay as they were: a lost notification (the listener reconnecting) only costs a poll.
The same trigger on a table of a service without events (``ServiceSpec.wakes``: notify's
deliveries) wakes that service's workers.

Projections use two more channels, so that a request waiting to read its own write in a
replica that does not run the projection neither polls nor waits for the runner's linger:
the waiting replica announces ``awaited`` (the runner's replica nudges it as if the request
were its own), and each runner's commit announces ``projected`` with its new position.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg import sql

from lianfang_shared.retry import Stopped, until_done

log = logging.getLogger(__name__)


SAVED, PROJECTED, AWAITED = "saved", "projected", "awaited"


def channel(schema: str, what: str = SAVED) -> str:
    """A notification channel of a service: ``saved`` (its events table), ``projected``
    (payload ``<projection> <position>``) or ``awaited`` (payload ``<projection>``)."""
    return f"lianfang.{schema}.{what}"


def announce(conn: psycopg.Connection[Any], schema: str, what: str, payload: str) -> None:
    """Notify every replica's listener; delivered when ``conn``'s transaction commits."""
    conn.execute("SELECT pg_notify(%s, %s)", (channel(schema, what), payload))


def install_trigger(conn: psycopg.Connection[Any], schema: str, events_table: str) -> None:
    """Create (or replace) the notifying trigger on ``schema.events_table``."""
    function = sql.Identifier(schema, "lianfang_notify_saved")
    conn.execute(
        sql.SQL(
            "CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN PERFORM pg_notify({}, ''); RETURN NULL; END $$"
        ).format(function, sql.Literal(channel(schema)))
    )
    conn.execute(
        sql.SQL(
            "CREATE OR REPLACE TRIGGER lianfang_notify_saved AFTER INSERT ON {} "
            "FOR EACH STATEMENT EXECUTE FUNCTION {}()"
        ).format(sql.Identifier(schema, events_table), function)
    )


class Listener:
    """Calls ``on_saved`` whenever a transaction saved events in the schema (any process),
    and ``on_projection(what, payload)`` for the projections' announcements."""

    def __init__(
        self,
        database_url: str,
        schema: str,
        on_saved: Callable[[], None],
        on_projection: Callable[[str, str], None] | None = None,
    ) -> None:
        self.database_url = database_url
        self.schema = schema
        self.channel = channel(schema)
        self.on_saved = on_saved
        self.on_projection = on_projection
        self.received = 0

    async def run(self, stopping: asyncio.Event) -> None:
        """Listen until ``stopping``; reconnects after the database went away."""
        try:
            await until_done(f"{self.channel} listener", lambda: self._listen(stopping), stopping)
        except Stopped:
            pass

    async def _listen(self, stopping: asyncio.Event) -> None:
        async with await psycopg.AsyncConnection.connect(
            self.database_url, autocommit=True
        ) as conn:
            kinds = {channel(self.schema, w): w for w in (PROJECTED, AWAITED)}
            for name in [self.channel, *(kinds if self.on_projection else ())]:
                await conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(name)))
            self.on_saved()  # whatever was saved before listening began
            while not stopping.is_set():
                async for notify in conn.notifies(timeout=1.0):
                    self.received += 1
                    if notify.channel == self.channel:
                        self.on_saved()
                    elif self.on_projection is not None:
                        self.on_projection(kinds[notify.channel], notify.payload)
