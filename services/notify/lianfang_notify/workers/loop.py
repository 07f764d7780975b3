"""Notify's worker: while this instance leads (PostgreSQL advisory lock), send what is due and
look for due reminders and digests; otherwise wait. Stops with the service."""

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


async def work(service: Service) -> None:
    """The worker of one notify instance (a ``ServiceSpec`` worker)."""
    settings = service.settings
    assert isinstance(settings, NotifySettings)
    stopping = service.stopping
    leadership = Leadership(service.platform.database_url, f"{service.db.schema}.notify.worker")
    dispatcher = Dispatcher(service.db, settings, stopping)
    scheduler = Scheduler(service.db, settings)
    leading, next_look = False, 0.0
    try:
        while not stopping.is_set():
            if not await leadership.acquire():
                leading = False
                await pause(stopping, 1.0)
                continue
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
            await pause(stopping, settings.dispatch_interval)
    finally:
        await dispatcher.drain()
        await leadership.release()
