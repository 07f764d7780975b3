"""Reading an event's body by dotted path, and keeping only the fields a rule names."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any


def get(data: Any, path: str) -> Any:
    """The value at ``path`` (``a.b.c``), or None where any part is missing."""
    for part in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def ids(data: dict[str, Any], path: str) -> list[str]:
    """The id or ids at ``path`` as lower-case strings (none if missing or empty)."""
    value = get(data, path)
    values = value if isinstance(value, list) else [value]
    return [str(v).lower() for v in values if v not in (None, "")]


def keep(data: dict[str, Any], paths: list[str]) -> dict[str, Any]:
    """A copy holding only ``paths`` (nested as in the body, None where missing); every other
    field is dropped."""
    kept: dict[str, Any] = {}
    for path in paths:
        *parents, last = path.split(".")
        node = kept
        for part in parents:
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
        node[last] = get(data, path)
    return kept


def deadline(value: Any, zone: tzinfo, at: time) -> datetime | None:
    """A deadline from a body value: an ISO date (due at ``at`` local time) or date-time."""
    if not isinstance(value, str) or not value:
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime.combine(day, at, zone)
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def iso_duration(delta: timedelta) -> str:
    """A short ISO 8601 duration (``P1D``, ``PT4H``) used to name schedule stages."""
    seconds = int(delta.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"P{days}D" if days else "P"
    if hours or minutes or seconds:
        text += "T" + "".join(
            f"{n}{u}" for n, u in ((hours, "H"), (minutes, "M"), (seconds, "S")) if n
        )
    return text if text != "P" else "P0D"
