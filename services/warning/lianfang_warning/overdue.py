"""Overdue detection by time: one replica looks for passed deadlines and records each once.

Nobody has to act: when a response or rectification deadline passes while its step is still
open, the warning gets an ``Overdue`` event (published as ``acknowledgement_overdue`` or
``rectification.overdue``, which notify escalates). The read model finds candidates; the
aggregate decides, so a deadline is reported once however often it is looked at.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from functools import partial
from typing import Any, cast

from lianfang_shared.errors import DomainError
from lianfang_shared.leader import Leadership, while_leading
from lianfang_shared.persistence import Database
from lianfang_shared.service import Service
from lianfang_warning.application import Warnings
from lianfang_warning.config import WarningSettings
from lianfang_warning.domain.vocab import Deadline
from lianfang_warning.projections.warning_queries import overdue_to_report
from lianfang_warning.wiring import wire

log = logging.getLogger(__name__)
Worker = Callable[[Service], Coroutine[Any, Any, None]]


def scan(app: Warnings, db: Database) -> int:
    """Record every deadline overdue today and not yet recorded; how many were recorded."""
    today = app.today()
    recorded = 0
    for warning_id, kind in overdue_to_report(db, today):
        try:
            recorded += app.mark_overdue(warning_id, Deadline(kind), today)
        except DomainError as e:  # changed meanwhile: the next pass sees it again
            log.warning("overdue %s of warning %s not recorded: %s", kind, warning_id, e)
    return recorded


def watch(interval: float | None = None) -> Worker:
    """The background task: scan every ``interval`` seconds (default: the setting) while leader."""

    async def overdue_watch(service: Service) -> None:
        app = wire(service)
        settings = cast(WarningSettings, service.settings)
        every = interval or settings.overdue_scan_interval
        leadership = Leadership(service.platform.database_url, f"{service.db.schema}.overdue")
        look = partial(scan, app, service.db)
        await while_leading(leadership, service.stopping, every, look, "overdue scan")

    return overdue_watch
