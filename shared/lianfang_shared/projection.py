"""Read models of a service's own event log (projections), kept in its own tables.

A runner tails the notification log and applies each domain event to the read model in one
transaction with the projection's position, so a crash never half-applies nor skips. Only one
replica runs a given projection (advisory lock); any replica can wait for a position, which is
how a client that just wrote reads its own write.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

import psycopg

from lianfang_shared.leader import Leadership
from lianfang_shared.persistence import Database
from lianfang_shared.retry import Stopped, until_done

log = logging.getLogger(__name__)

# A handler writes rows for one domain event: ``def on_x(conn, event, position)``.
Handler = Callable[[psycopg.Connection[Any], Any, int], None]

TABLE = """
CREATE TABLE IF NOT EXISTS projection_position (
    projection text PRIMARY KEY,
    position bigint NOT NULL
);
"""

_last_saved: ContextVar[int] = ContextVar("lianfang_last_saved", default=0)


def note_saved(position: int) -> None:
    """Remember the log position of the caller's latest save (set by ServiceApplication)."""
    _last_saved.set(position)


def last_saved() -> int:
    """The log position of the current context's latest save (0 if none)."""
    return _last_saved.get()


class Projection:
    """A named read model: its DDL and its handlers by domain-event class."""

    def __init__(self, name: str, tables: str) -> None:
        self.name = name
        self.tables = tables
        self.handlers: dict[type, Handler] = {}

    def on(self, event_cls: type) -> Callable[[Handler], Handler]:
        """Register the handler of one domain-event class."""

        def register(fn: Handler) -> Handler:
            self.handlers[event_cls] = fn
            return fn

        return register

    def apply(self, conn: psycopg.Connection[Any], event: Any, position: int) -> None:
        """Apply one event (events without a handler are skipped)."""
        handler = self.handlers.get(type(event))
        if handler is not None:
            handler(conn, event, position)


class ProjectionRunner:
    """Keeps one projection up to date with an Application's log."""

    def __init__(
        self,
        projection: Projection,
        app: Any,
        db: Database,
        database_url: str,
        batch_size: int = 500,
        poll_interval: float = 0.05,
    ) -> None:
        self.projection = projection
        self.app = app
        self.db = db
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.leadership = Leadership(database_url, f"{db.schema}.projection.{projection.name}")
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        # The position this runner last saw committed, and a condition to wait for it.
        self._committed = 0
        self._progress = threading.Condition()

    def nudge(self) -> None:
        """Wake the runner now (thread-safe)."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    async def run(self, stopping: asyncio.Event) -> None:
        """Apply new events until stopping."""
        self._loop = asyncio.get_running_loop()
        name = f"projection {self.projection.name}"
        try:
            while not stopping.is_set():
                if not await self.leadership.acquire():
                    await asyncio.sleep(1.0)
                    continue
                if not await until_done(name, lambda: asyncio.to_thread(self.step), stopping):
                    self._wake.clear()
                    try:
                        await asyncio.wait_for(self._wake.wait(), self.poll_interval)
                    except TimeoutError:
                        pass
        except Stopped:
            pass
        finally:
            await self.leadership.release()

    def step(self) -> bool:
        """Apply one batch in one transaction; False when there was nothing new."""
        with self.db.transaction() as conn:
            position = self._position(conn, lock=True)
            notifications = self.app.recorder.select_notifications(
                start=position + 1, limit=self.batch_size
            )
            if notifications:
                for n in notifications:
                    self.projection.apply(conn, self.app.mapper.to_domain_event(n), n.id)
                conn.execute(
                    "INSERT INTO projection_position (projection, position) VALUES (%s, %s) "
                    "ON CONFLICT (projection) DO UPDATE SET position = EXCLUDED.position",
                    (self.projection.name, notifications[-1].id),
                )
        self._advanced(notifications[-1].id if notifications else position)
        return bool(notifications)

    def _advanced(self, position: int) -> None:
        with self._progress:
            self._committed = max(self._committed, position)
            self._progress.notify_all()

    def _position(self, conn: psycopg.Connection[Any], lock: bool = False) -> int:
        row = conn.execute(
            "SELECT position FROM projection_position WHERE projection = %s"
            + (" FOR UPDATE" if lock else ""),
            (self.projection.name,),
        ).fetchone()
        return int(row["position"]) if row else 0

    def position(self) -> int:
        """How far the read model is."""
        with self.db.transaction() as conn:
            return self._position(conn)

    def wait_for(self, position: int, timeout: float = 10.0) -> None:
        """Block until the read model includes ``position`` (read your own writes).

        In the replica that runs the projection this waits for the runner's next commit
        (no query); elsewhere it polls the projection's position.
        """
        deadline = time.monotonic() + timeout
        while True:
            with self._progress:
                if self._committed >= position:
                    return
                leader = self.leadership.held
                if leader:
                    self.nudge()
                    self._progress.wait(0.05)
            if not leader and self.position() >= position:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.projection.name} did not reach {position}")
            if not leader:
                self.nudge()
                time.sleep(0.005)
