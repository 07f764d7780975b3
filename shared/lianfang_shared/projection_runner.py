"""The runner that keeps a projection up to date with its service's log.

It tails the notification log and applies each domain event to the read model in one
transaction with the projection's position, so a crash never half-applies nor skips. Only one
replica runs a given projection (advisory lock); any replica can wait for a position, which is
how a client that just wrote reads its own write.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import psycopg

from lianfang_shared.leader import Leadership
from lianfang_shared.persistence import Database
from lianfang_shared.projection import Projection
from lianfang_shared.retry import Stopped, until_done
from lianfang_shared.wakeup import AWAITED, PROJECTED, announce

TABLE = """
CREATE TABLE IF NOT EXISTS projection_position (
    projection text PRIMARY KEY,
    position bigint NOT NULL
);
"""

# After a step that applied something, how long a runner waits for more before the next
# step, unless a request waits for it (read your writes never lingers): under a stream of
# saves, one transaction per ~100 ms instead of one per save. Other readers see a change up
# to that much later; the CPU saved goes to the consumers (docs/benchmarks.md).
LINGER = 0.1
# How often a replica that does not run a projection reads its position while a request
# waits for it (the runner's ``projected`` announcements normally answer sooner).
LOOK_EVERY = 0.25


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
        self._awaited = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        # The position this runner last saw committed, and a condition to wait for it.
        self._committed = 0
        self._progress = threading.Condition()

    def nudge(self, awaited: bool = False) -> None:
        """Wake the runner (thread-safe); ``awaited``: someone waits for it (read your
        writes), so it does not linger either."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._woken, awaited)

    def _woken(self, awaited: bool) -> None:
        self._wake.set()
        if awaited:
            self._awaited.set()

    async def run(self, stopping: asyncio.Event) -> None:
        """Apply new events until stopping."""
        self._loop = asyncio.get_running_loop()
        name = f"projection {self.projection.name}"
        try:
            while not stopping.is_set():
                if not await self.leadership.acquire():
                    await asyncio.sleep(1.0)
                    continue
                self._wake.clear()  # a nudge during the step is kept for the wait after it
                self._awaited.clear()
                if await until_done(name, lambda: asyncio.to_thread(self.step), stopping):
                    # Under load, let a few more saves gather before the next step (fewer,
                    # larger transactions), unless a request waits for this projection.
                    await _wait(self._awaited, LINGER)
                else:
                    await _wait(self._wake, self.poll_interval)
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
                self.projection.apply_notifications(
                    conn, notifications, self.app.mapper.to_domain_event
                )
                conn.execute(
                    "INSERT INTO projection_position (projection, position) VALUES (%s, %s) "
                    "ON CONFLICT (projection) DO UPDATE SET position = EXCLUDED.position",
                    (self.projection.name, notifications[-1].id),
                )
                announce(
                    conn,
                    self.db.schema,
                    PROJECTED,
                    f"{self.projection.name} {notifications[-1].id}",
                )
        self._advanced(notifications[-1].id if notifications else position)
        return bool(notifications)

    def _advanced(self, position: int) -> None:
        with self._progress:
            if position > self._committed:
                self._committed = position
                self._progress.notify_all()

    def heard(self, what: str, payload: str) -> None:
        """An announcement of this projection's from any replica (``wakeup.Listener``): a
        runner committed up to a position, or a request elsewhere waits for this runner."""
        if what == PROJECTED:
            self._advanced(int(payload))
        elif what == AWAITED and self.leadership.held:
            self.nudge(awaited=True)

    def _position(self, conn: psycopg.Connection[Any], lock: bool = False) -> int:
        return read_position(conn, self.projection.name, lock)

    def position(self) -> int:
        """How far the read model is."""
        with self.db.transaction() as conn:
            return self._position(conn)

    def wait_for(self, position: int, timeout: float = 10.0) -> None:
        """Block until the read model includes ``position`` (read your own writes).

        In the replica that runs the projection this waits for the runner's next commit.
        Elsewhere it reads the position, tells the runner's replica that a request waits
        (``awaited``: it steps at once instead of lingering), and waits for the runner's
        ``projected`` announcement; it reads the position again every ``LOOK_EVERY`` seconds
        in case an announcement was lost or the lead moved.
        """
        deadline = time.monotonic() + timeout
        look_at = 0.0
        while True:
            leader = self.leadership.held
            if not leader and time.monotonic() >= look_at:
                self._advanced(self._look_and_ask())
                look_at = time.monotonic() + LOOK_EVERY
            with self._progress:
                if self._committed >= position:
                    return
                if leader:
                    self.nudge(awaited=True)
                self._progress.wait(0.05)
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.projection.name} did not reach {position}")

    def _look_and_ask(self) -> int:
        with self.db.transaction() as conn:
            announce(conn, self.db.schema, AWAITED, self.projection.name)
            return self._position(conn)


def read_position(conn: psycopg.Connection[Any], projection: str, lock: bool = False) -> int:
    """How far a projection's tables are (0 before its first step); ``lock``: hold its row
    until the transaction ends."""
    row = conn.execute(
        "SELECT position FROM projection_position WHERE projection = %s"
        + (" FOR UPDATE" if lock else ""),
        (projection,),
    ).fetchone()
    return int(row["position"]) if row else 0


async def _wait(event: asyncio.Event, seconds: float) -> None:
    """Until ``event`` is set or ``seconds`` have passed."""
    try:
        await asyncio.wait_for(event.wait(), seconds)
    except TimeoutError:
        pass
