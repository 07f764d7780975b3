"""The scheduler: fires reminders and escalations that are due, and makes the daily digests.

Both are rows in PostgreSQL compared with the clock, so whatever fell due while no instance
was running happens once, at the first look after one comes back.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from lianfang_notify.clock import CLOCK
from lianfang_notify.config import NotifySettings
from lianfang_notify.store import digests, schedules
from lianfang_shared.persistence import Database


def last_digest_cutoff(now: datetime, settings: NotifySettings) -> tuple[datetime, date]:
    """The latest digest time at or before ``now`` (local), and its day."""
    local = now.astimezone(settings.zone)
    cutoff = datetime.combine(local.date(), settings.digest_time, settings.zone)
    if cutoff > local:
        cutoff -= timedelta(days=1)
    return cutoff, cutoff.date()


class Scheduler:
    """One look at what is due."""

    def __init__(self, db: Database, settings: NotifySettings) -> None:
        self.db = db
        self.settings = settings
        self.fired = 0
        self.digests = 0

    def tick(self) -> int:
        """Fire due stages and make due digests; how many of either."""
        now = CLOCK.now()
        with self.db.transaction() as conn:
            fired = schedules.fire_due(conn, now)
        cutoff, day = last_digest_cutoff(now, self.settings)
        with self.db.transaction() as conn:
            made = digests.make_digests(conn, cutoff, day)
        self.fired += fired
        self.digests += made
        return fired + made
