"""Notify's worker: while this instance leads (PostgreSQL advisory lock), send what is due and
look for due reminders and digests; otherwise wait. Stops with the service.

It looks for due deliveries every ``dispatch_interval``, and at once when a replica files new
ones (``ServiceSpec.wakes``: a trigger on the deliveries table, heard by the service's
listener) or when sends it had no room for wait and room has come free."""

from __future__ import annotations

import asyncio
import logging
import time

from lianfang_notify.config import NotifySettings
from lianfang_notify.workers.dispatcher import Dispatcher
from lianfang_notify.workers.scheduler import Scheduler
from lianfang_shared.leader import Leadership, pause
from lianfang_shared.service import Service

log = logging.getLogger(__name__)

LINGER = 0.05  # seconds from one look for due deliveries to the next, at the least


async def work(service: Service) -> None:
    """The worker of one notify instance (a ``ServiceSpec`` worker)."""
    settings = service.settings
    assert isinstance(settings, NotifySettings)
    stopping = service.stopping
    leadership = Leadership(service.platform.database_url, f"{service.db.schema}.notify.worker")
    dispatcher = Dispatcher(service.db, settings, stopping, service.woken)
    scheduler = Scheduler(service.db, settings)
    leading, next_look = False, 0.0
    try:
        while not stopping.is_set():
            if not await leadership.acquire():
                leading = False
                await pause(stopping, 1.0)
                continue
            service.woken.clear()  # what is filed from here on wakes the next wait
            try:
                if not leading:
                    recovered = await asyncio.to_thread(dispatcher.recover)
                    sealed = await asyncio.to_thread(dispatcher.seal_plain_secrets)
                    leading = True
                    if recovered:
                        log.warning("%d deliveries were left mid-send; sending again", recovered)
                    if sealed:
                        log.warning("%d signing secrets were stored in the clear; sealed", sealed)
                if time.monotonic() >= next_look:
                    await asyncio.to_thread(scheduler.tick)
                    next_look = time.monotonic() + settings.schedule_interval
                await dispatcher.tick()
            except Exception as e:  # the database may be away: try again at the next look
                log.warning("notify worker: %s: %s", type(e).__name__, e)
            # At most one look per LINGER: a stream of filings goes out in batches.
            await pause(stopping, LINGER)
            await pause(stopping, max(0.0, settings.dispatch_interval - LINGER), service.woken)
    finally:
        await dispatcher.drain()
        await leadership.release()
