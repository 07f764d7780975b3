"""The dispatcher: sends what is due, each delivery in its own task, so a channel that is slow
or down holds up nothing else. Each attempt is recorded; a failure is retried with
exponential backoff (tenacity's policy) until ``max_attempts``, then ends ``failed`` with
the reason."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any

import httpx
from tenacity import RetryCallState, wait_exponential

from lianfang_notify.channels import Message, SendFailed, Target, email, webhooks
from lianfang_notify.clock import CLOCK
from lianfang_notify.config import NotifySettings
from lianfang_notify.store import contacts, deliveries
from lianfang_notify.workers.compose import compose
from lianfang_shared.persistence import Database
from lianfang_shared.retry import Stopped, until_done
from lianfang_shared.sealing import Unsealable

log = logging.getLogger(__name__)


class Dispatcher:
    """Claims due deliveries and sends each in its own task."""

    def __init__(
        self,
        db: Database,
        settings: NotifySettings,
        stopping: asyncio.Event,
        room_freed: asyncio.Event,
    ) -> None:
        self.db = db
        self.settings = settings
        self.sealer = settings.sealer()
        self.stopping = stopping
        self.http = httpx.AsyncClient(timeout=settings.send_timeout)
        self.wait = wait_exponential(multiplier=settings.retry_initial, max=settings.retry_max)
        self.in_flight: set[asyncio.Task[None]] = set()
        # Set when the last claim filled the room (more may be due) and half of it is free
        # again, so that a burst goes out at the channels' pace, not one room per look.
        self.room_freed = room_freed
        self._filled = False
        self.sent = 0
        self.failed = 0

    async def tick(self) -> int:
        """Start sending what is due (as many as there is room for); how many started."""
        room = self.settings.dispatch_concurrency - len(self.in_flight)
        if room <= 0:
            self._filled = True
            return 0
        jobs = await asyncio.to_thread(self._claim, room)
        self._filled = len(jobs) == room
        for job in jobs:
            task = asyncio.create_task(self.deliver(job), name=f"delivery-{job['id']}")
            self.in_flight.add(task)
            task.add_done_callback(self._done)
        return len(jobs)

    def _done(self, task: asyncio.Task[None]) -> None:
        self.in_flight.discard(task)
        if self._filled and len(self.in_flight) <= self.settings.dispatch_concurrency // 2:
            self._filled = False
            self.room_freed.set()

    def _claim(self, room: int) -> list[dict[str, Any]]:
        with self.db.transaction() as conn:
            return deliveries.claim(conn, CLOCK.now(), room)

    async def deliver(self, job: dict[str, Any]) -> None:
        """Send one delivery and record the outcome."""
        error, permanent = None, False
        try:
            error, permanent = await self._send(job)
        except Exception as e:  # a bug must not lose the delivery: record it as an attempt
            log.exception("delivery %s failed unexpectedly", job["id"])
            error = f"{type(e).__name__}: {e}"
        retry_at = self._retry_at(job["attempts"]) if error and not permanent else None
        try:
            await until_done(
                f"record delivery {job['id']}",
                lambda: asyncio.to_thread(self._record, job, error, retry_at),
                self.stopping,
            )
        except Stopped:  # left ``sending``: the next leader sends it again
            log.warning("delivery %s: outcome not recorded before stopping", job["id"])

    async def _send(self, job: dict[str, Any]) -> tuple[str | None, bool]:
        if job["removed_at"] is not None:
            return "the contact point was removed", True
        try:
            message = await asyncio.to_thread(compose, self.db, self.settings, job)
        except Exception as e:
            return f"cannot render the message: {type(e).__name__}: {e}", True
        try:
            secret = contacts.open_secret(self.sealer, job["channel"], job["target"], job["secret"])
        except Unsealable as e:  # a key missing from the settings: retrying will not help
            return str(e), True
        target = Target(job["channel"], job["target"], secret)
        try:
            await self._push(target, message)
        except SendFailed as e:
            return str(e), e.permanent
        except TimeoutError:
            return f"no answer within {self.settings.send_timeout:g} s", False
        return None, False

    async def _push(self, target: Target, message: Message) -> str:
        if target.channel == "email":  # smtplib bounds each step by send_timeout itself
            return await asyncio.to_thread(email.send, self.settings, target.target, message)
        async with asyncio.timeout(self.settings.send_timeout * 2):
            return await webhooks.SENDERS[target.channel](self.http, target, message)

    def _retry_at(self, attempt: int) -> datetime | None:
        if attempt >= self.settings.max_attempts:
            return None
        state = RetryCallState(retry_object=None, fn=None, args=(), kwargs={})  # type: ignore[arg-type]
        state.attempt_number = attempt
        return CLOCK.now() + timedelta(seconds=self.wait(state))

    def _record(self, job: dict[str, Any], error: str | None, retry_at: datetime | None) -> None:
        with self.db.transaction() as conn:
            status = deliveries.record(
                conn, job["id"], job["attempts"], CLOCK.now(), error, retry_at
            )
        if status == "sent":
            self.sent += 1
        elif status == "failed":
            self.failed += 1
            log.warning("delivery %s (%s) failed: %s", job["id"], job["channel"], error)

    def recover(self) -> int:
        """Deliveries a previous leader left mid-send become due again (none of ours are)."""
        if self.in_flight:
            return 0
        with self.db.transaction() as conn:
            return deliveries.recover(conn)

    def seal_plain_secrets(self) -> int:
        """Seal the signing secrets stored before they were sealed (once, in effect)."""
        with self.db.transaction() as conn:
            return contacts.seal_plain_secrets(conn, self.sealer)

    async def drain(self) -> None:
        """Let the deliveries in hand finish, then close the HTTP client."""
        if self.in_flight:
            await asyncio.wait(set(self.in_flight), timeout=self.settings.send_timeout + 2)
        await self.http.aclose()
