"""Detection by time: one replica looks for briefings owed past their due date and signed
commitments running out, and records each once.

The read model finds candidates; the aggregate decides, so a due date is reported once however
often it is looked at. ``scan`` takes the day to look at (tests pass one, or move the clock).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from datetime import date
from functools import partial
from typing import Any, cast

from lianfang_review.application import Review
from lianfang_review.config import ReviewSettings
from lianfang_review.projections import due_queries
from lianfang_review.projections.duties import commitments_to_mind
from lianfang_shared.errors import DomainError
from lianfang_shared.leader import Leadership, while_leading
from lianfang_shared.persistence import Database
from lianfang_shared.service import Service

log = logging.getLogger(__name__)
Worker = Callable[[Service], Coroutine[Any, Any, None]]


def scan(app: Review, db: Database, today: date | None = None) -> dict[str, int]:
    """Record what is overdue or running out on ``today`` (default: the clock's today)."""
    day = today or app.today()
    counts = {"briefings_overdue": 0, "commitments": 0}
    for due_id in due_queries.overdue_to_report(db, day):
        counts["briefings_overdue"] += _once(app.report_overdue, due_id, day)
    with db.transaction() as conn:
        persons = commitments_to_mind(conn, day, app.settings.commitment_notice_days)
    for person in persons:
        counts["commitments"] += _once(app.mind_commitment_term, person, day)
    return counts


def _once(record: Callable[..., bool], *args: Any) -> int:
    try:
        return int(record(*args))
    except DomainError as e:  # changed meanwhile: the next look sees it again
        log.warning("review watch: %s", e)
        return 0


def watch(interval: float | None = None) -> Worker:
    """The background task: scan every ``interval`` seconds (default: the setting) while
    this replica leads."""

    async def review_watch(service: Service) -> None:
        app = cast(Review, service.app)
        app.attach(service.db)
        settings = cast(ReviewSettings, service.settings)
        every = interval or settings.watch_interval
        leadership = Leadership(service.platform.database_url, f"{service.db.schema}.watch")
        look = partial(scan, app, service.db)
        await while_leading(leadership, service.stopping, every, look, "review watch")

    return review_watch
