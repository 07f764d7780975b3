"""Times in audit queries: ``2026-06-30`` means the end of that day, local time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone


def local_zone(offset: str) -> timezone:
    """A fixed zone from ``+08:00``."""
    sign = -1 if offset.startswith("-") else 1
    hours, minutes = (int(p) for p in offset[1:].split(":"))
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_time(text: str, offset: str) -> datetime:
    """An ISO 8601 date or date-time; without an offset, in the local zone; a bare date is
    the last instant of that day. Raises ValueError with a readable message."""
    zone = local_zone(offset)
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day, time.max, zone)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date (2026-06-30) or date-time (2026-06-30T17:00:00+08:00)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)
