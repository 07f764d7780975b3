"""A service's audit trail at run time: chain new events, sign checkpoints, publish them.

One replica does it (advisory lock); ``verify_db`` checks what it recorded.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from lianfang_shared.audit import checkpoint
from lianfang_shared.audit.checkpoint import Checkpoint, checkpoints_topic
from lianfang_shared.audit.log import EventLog
from lianfang_shared.audit.signing import Signer
from lianfang_shared.leader import Leadership
from lianfang_shared.persistence import Database
from lianfang_shared.retry import Stopped, until_done
from lianfang_shared.settings import PlatformSettings

log = logging.getLogger(__name__)
# After a step that chained events, how long to let more gather before the next one.
LINGER = 0.05


def checkpoint_publisher(broker: Any, platform: PlatformSettings, service: str) -> Any:
    """The publisher of a service's checkpoints (registered before the broker starts)."""
    topic = checkpoints_topic(platform)
    return broker.publisher(
        topic,
        title=f"{topic}:publish:{service}",
        description="Signed checkpoints of the service's event chain (key: the service's name)",
    )


class AuditTrail:
    """Keeps one service's chain and checkpoints up to date."""

    def __init__(self, log_: EventLog, db: Database, platform: PlatformSettings, publisher: Any):
        self.log = log_
        self.db = db
        self.platform = platform
        self.signer = Signer.from_settings(platform)
        self.publisher = publisher
        self.leadership = Leadership(platform.database_url, f"{db.schema}.audit")
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._last_checkpoint = time.monotonic()

    def nudge(self) -> None:
        """Wake the chainer now (thread-safe)."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    async def run(self, stopping: asyncio.Event, bus_ready: Callable[[], bool]) -> None:
        """Chain, checkpoint and publish until stopping."""
        self._loop = asyncio.get_running_loop()
        try:
            while not stopping.is_set():
                if not await self.leadership.acquire():
                    await asyncio.sleep(1.0)
                    continue
                self._wake.clear()  # a nudge during the step is kept for the sleep after it
                chained = await until_done("audit chain", self._step, stopping)
                if bus_ready():
                    await self._publish()
                if chained:
                    await asyncio.sleep(LINGER)  # under load: fewer, longer links per step
                else:
                    await self._sleep()
        except Stopped:
            pass
        finally:
            if self.leadership.held:  # a last checkpoint on a graceful stop
                try:
                    await asyncio.to_thread(self.checkpoint)
                except Exception as e:
                    log.warning("no final audit checkpoint for %s: %r", self.log.service, e)
            await self.leadership.release()

    async def _step(self) -> int:
        chained = await asyncio.to_thread(self.extend)
        due = time.monotonic() - self._last_checkpoint >= self.platform.audit_checkpoint_interval
        if due and not chained:
            await asyncio.to_thread(self.checkpoint)
            self._last_checkpoint = time.monotonic()
        return chained

    async def _sleep(self) -> None:
        try:
            await asyncio.wait_for(self._wake.wait(), 0.5)
        except TimeoutError:
            pass

    def extend(self) -> int:
        """Chain the next batch of stored events; how many were chained."""
        with self.db.transaction() as conn:
            return self.log.extend(conn)

    def catch_up(self) -> None:
        """Chain everything stored so far."""
        while self.extend():
            pass

    def checkpoint(self) -> Checkpoint | None:
        """Sign and store a checkpoint of the chain's head (None if nothing new)."""
        with self.db.transaction() as conn:
            return checkpoint.make(conn, self.log, self.signer)

    def _unpublished(self) -> list[Checkpoint]:
        with self.db.transaction() as conn:
            return checkpoint.stored(conn, self.log, unpublished=True)

    def _published(self, positions: list[int]) -> None:
        with self.db.transaction() as conn:
            checkpoint.mark_published(conn, self.log, positions)

    async def _publish(self) -> None:
        pending = await asyncio.to_thread(self._unpublished)
        if not pending:
            return
        try:
            for cp in pending:
                body = json.dumps(cp.to_json()).encode()
                await self.publisher.publish(body, key=self.log.service.encode())
        except Exception as e:  # the broker is away: publish on a later pass
            log.warning("audit checkpoints of %s not published yet: %r", self.log.service, e)
            return
        await asyncio.to_thread(self._published, [cp.position for cp in pending])
