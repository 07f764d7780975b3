"""Daily digests: held deliveries gathered into one delivery per contact point and day."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import psycopg

Conn = psycopg.Connection[Any]


def digest_items(conn: Conn, digest_id: int) -> list[dict[str, Any]]:
    """The notifications a digest delivery gathers, oldest first."""
    return conn.execute(
        "SELECT n.* FROM deliveries d JOIN notifications n ON n.id = d.notification_id "
        "WHERE d.digest_id = %s ORDER BY n.id",
        (digest_id,),
    ).fetchall()


def make_digests(conn: Conn, cutoff: datetime, day: date) -> int:
    """Gather the held deliveries made before ``cutoff`` into one digest delivery per contact
    point for ``day`` (once per day and contact point); how many digests were made."""
    points = conn.execute(
        "SELECT DISTINCT contact_point_id FROM deliveries "
        "WHERE status = 'held' AND created_at < %s",
        (cutoff,),
    ).fetchall()
    made = 0
    for p in points:
        row = conn.execute(
            "INSERT INTO deliveries (contact_point_id, channel, status, digest_day) "
            "SELECT id, channel, 'pending', %s FROM contact_points WHERE id = %s "
            "ON CONFLICT DO NOTHING RETURNING id",
            (day, p["contact_point_id"]),
        ).fetchone()
        if row is None:
            continue
        conn.execute(
            "UPDATE deliveries SET status = 'digested', digest_id = %s WHERE contact_point_id = %s "
            "AND status = 'held' AND created_at < %s",
            (row["id"], p["contact_point_id"], cutoff),
        )
        made += 1
    return made
