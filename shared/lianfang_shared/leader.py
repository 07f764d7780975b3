"""Exactly one active instance: a PostgreSQL session advisory lock per job (the relay, each
projection, the audit chain, a service's worker).

Every lead of a process is held on one connection of its own per database (a session holds
many advisory locks), so a replica holds one connection for its leads, and one that leads
nothing asks again on that same connection instead of opening one per try. Losing that
connection (the database restarted) loses every lead the process held; each job notices at
its next check and tries again. Two jobs of one process asking for the same key (two
replicas started in one test process) are told apart here, as PostgreSQL would not: a
session's advisory locks are reentrant.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Callable
from typing import Any

import psycopg

log = logging.getLogger(__name__)


class _Session:
    """The connection holding a process's leads on one database (in one event loop)."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.conn: psycopg.AsyncConnection[Any] | None = None
        self.generation = 0  # a new connection holds none of the old one's locks
        self.holders: dict[str, Leadership] = {}  # key -> the job holding it
        self.users: set[int] = set()  # jobs asking or leading (id), until they release
        self._connecting = asyncio.Lock()

    async def query(self, sql: str, params: tuple[Any, ...] = (), connect: bool = True) -> Any:
        """The first row of ``sql``; a failure drops the connection (and every lead on it)."""
        async with self._connecting:
            if self.conn is None and connect:
                self.conn = await psycopg.AsyncConnection.connect(
                    self.database_url, autocommit=True, connect_timeout=5
                )
                self.generation += 1
                self.holders.clear()
        if self.conn is None:
            return None
        try:
            cur = await self.conn.execute(sql, params)
            return await cur.fetchone()
        except psycopg.Error:
            await self.close()
            raise

    async def close(self) -> None:
        """Close the connection (PostgreSQL releases its locks)."""
        conn, self.conn = self.conn, None
        self.holders.clear()
        if conn is not None:
            try:
                await conn.close()
            except psycopg.Error:
                pass


_sessions: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, _Session]] = (
    weakref.WeakKeyDictionary()
)


def _session(database_url: str) -> _Session:
    by_url = _sessions.setdefault(asyncio.get_running_loop(), {})
    if database_url not in by_url:
        by_url[database_url] = _Session(database_url)
    return by_url[database_url]


class Leadership:
    """Holds ``pg_try_advisory_lock(key)`` on the process's session; losing the session
    loses the lead."""

    def __init__(self, database_url: str, key: str, check_every: float = 2.0) -> None:
        self.database_url = database_url
        self.key = key
        self.check_every = check_every
        self._session: _Session | None = None
        self._generation = -1
        self._checked = 0.0

    @property
    def held(self) -> bool:
        """True while this instance holds the lock (as of the last check)."""
        s = self._session
        return (
            s is not None and s.generation == self._generation and s.holders.get(self.key) is self
        )

    async def acquire(self) -> bool:
        """True while this instance is the leader (tries to become it if not)."""
        if self.held and time.monotonic() - self._checked < self.check_every:
            return True
        if self._session is None:
            self._session = _session(self.database_url)
            self._session.users.add(id(self))
        session, was_leading = self._session, self.held
        try:
            if was_leading:
                await session.query("SELECT 1")
            else:
                other = session.holders.get(self.key)
                if other is not None and other is not self:
                    return False  # another job of this process leads
                row = await session.query("SELECT pg_try_advisory_lock(hashtext(%s))", (self.key,))
                if not (row and row[0]):
                    return False
                session.holders[self.key] = self
                self._generation = session.generation
                log.info("leader for %s", self.key)
            self._checked = time.monotonic()
            return self.held
        except psycopg.Error as e:
            if was_leading:
                log.warning("lost leadership of %s: %s", self.key, e)
            return False

    async def release(self) -> None:
        """Give up the lead (and the session, when no other job of the process uses it)."""
        session, self._session = self._session, None
        if session is None:
            return
        held = session.generation == self._generation and session.holders.get(self.key) is self
        if held:
            del session.holders[self.key]
            try:
                await session.query(
                    "SELECT pg_advisory_unlock(hashtext(%s))", (self.key,), connect=False
                )
            except psycopg.Error:
                pass
        session.users.discard(id(self))
        if not session.users:
            await session.close()


async def pause(stopping: asyncio.Event, seconds: float, *wakes: asyncio.Event) -> None:
    """Wait ``seconds``, or less if ``stopping`` or one of ``wakes`` is set meanwhile."""
    waits = [asyncio.create_task(e.wait()) for e in (stopping, *wakes)]
    _, pending = await asyncio.wait(waits, timeout=seconds, return_when="FIRST_COMPLETED")
    for task in pending:
        task.cancel()


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
