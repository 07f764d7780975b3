"""What notify remembers of a subject (e.g. a risk point's description, from ``proposed``) to
say in later messages about it (``approved`` carries no description). Only the fields a rule
names are remembered; the latest event wins."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from lianfang_shared.envelope import Envelope

Conn = psycopg.Connection[Any]


def remember(conn: Conn, env: Envelope, values: dict[str, Any]) -> None:
    """Keep ``values`` (top-level names) for the envelope's subject."""
    for name, value in values.items():
        conn.execute(
            "INSERT INTO remembered (subject, name, value, at) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (subject, name) DO UPDATE SET value = EXCLUDED.value, at = EXCLUDED.at "
            "WHERE remembered.at <= EXCLUDED.at",
            (env.subject.lower(), name, Jsonb(value), env.time),
        )


def recall(conn: Conn, subject: str, names: list[str]) -> dict[str, Any]:
    """The remembered values of ``names`` for ``subject`` (None for what is not known)."""
    if not names:
        return {}
    rows = conn.execute(
        "SELECT name, value FROM remembered WHERE subject = %s AND name = ANY(%s)",
        (subject.lower(), names),
    ).fetchall()
    found = {r["name"]: r["value"] for r in rows}
    return {name: found.get(name) for name in names}
