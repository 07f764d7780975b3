"""Exactly one active instance: a PostgreSQL session advisory lock held on its own connection."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

import psycopg

log = logging.getLogger(__name__)


class Leadership:
    """Holds ``pg_try_advisory_lock(key)``; losing the connection loses the lead.

    A replica that is not the leader keeps its connection and asks again on it: each try is a
    query, not a new PostgreSQL backend."""

    def __init__(self, database_url: str, key: str, check_every: float = 2.0) -> None:
        self.database_url = database_url
        self.key = key
        self.check_every = check_every
        self._conn: psycopg.AsyncConnection | None = None
        self._leading = False
        self._checked = 0.0

    async def acquire(self) -> bool:
        """True while this instance is the leader (tries to become it if not)."""
        if self._leading and time.monotonic() - self._checked < self.check_every:
            return True
        try:
            if self._conn is None:
                self._conn = await psycopg.AsyncConnection.connect(
                    self.database_url, autocommit=True, connect_timeout=5
                )
            if self._leading:
                await self._conn.execute("SELECT 1")
            else:
                cur = await self._conn.execute(
                    "SELECT pg_try_advisory_lock(hashtext(%s))", (self.key,)
                )
                row = await cur.fetchone()
                if not (row and row[0]):
                    return False
                self._leading = True
                log.info("leader for %s", self.key)
            self._checked = time.monotonic()
            return True
        except psycopg.Error as e:
            if self._leading:
                log.warning("lost leadership of %s: %s", self.key, e)
            await self.release()
            return False

    @property
    def held(self) -> bool:
        """True while this instance holds the lock (as of the last check)."""
        return self._leading

    async def release(self) -> None:
        """Close the lock's connection (PostgreSQL releases the lock)."""
        conn, self._conn = self._conn, None
        self._leading = False
        if conn is not None:
            try:
                await conn.close()
            except psycopg.Error:
                pass


async def pause(stopping: asyncio.Event, seconds: float) -> None:
    """Wait ``seconds``, or less if ``stopping`` is set meanwhile."""
    try:
        await asyncio.wait_for(stopping.wait(), seconds)
    except TimeoutError:
        pass


async def while_leading(
    leadership: Leadership,
    stopping: asyncio.Event,
    every: float,
    look: Callable[[], object],
    what: str,
) -> None:
    """Run ``look`` (in a thread) every ``every`` seconds while this replica leads, until
    ``stopping``; a failing look (the database away) is logged and tried again next time."""
    try:
        while not stopping.is_set():
            if await leadership.acquire():
                try:
                    await asyncio.to_thread(look)
                except Exception as e:
                    log.warning("%s failed: %r", what, e)
            await pause(stopping, every)
    finally:
        await leadership.release()
