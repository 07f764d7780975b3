"""Contact points: where an address's email and chat messages go (kept by admins)."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import errors

from lianfang_notify.errors import ContactPointNotFound, DuplicateContactPoint

Conn = psycopg.Connection[Any]
_COLUMNS = "id, address, channel, target, secret <> '' AS signed, locale, digest, label, created_at"


def add(conn: Conn, values: dict[str, Any], actor: str) -> int:
    """Register a contact point; DuplicateContactPoint if the address has it already."""
    try:
        with conn.transaction():
            row = conn.execute(
                "INSERT INTO contact_points (address, channel, target, secret, locale, digest, "
                "label, created_by) VALUES (%(address)s, %(channel)s, %(target)s, %(secret)s, "
                "%(locale)s, %(digest)s, %(label)s, %(actor)s) RETURNING id",
                {**values, "actor": actor},
            ).fetchone()
    except errors.UniqueViolation:
        raise DuplicateContactPoint(
            f"{values['address']} already has this {values['channel']} target"
        ) from None
    assert row is not None
    return int(row["id"])


def update(conn: Conn, contact_id: int, changes: dict[str, Any]) -> None:
    """Change the locale, digest choice, label or secret of a contact point."""
    get(conn, contact_id)
    for column in ("locale", "digest", "label", "secret"):
        if column in changes:
            conn.execute(
                f"UPDATE contact_points SET {column} = %s WHERE id = %s",
                (changes[column], contact_id),
            )


def remove(conn: Conn, contact_id: int) -> None:
    """Stop sending to a contact point (its history stays)."""
    row = conn.execute(
        "UPDATE contact_points SET removed_at = now() WHERE id = %s AND removed_at IS NULL "
        "RETURNING id",
        (contact_id,),
    ).fetchone()
    if row is None:
        raise ContactPointNotFound(f"no contact point {contact_id}")


def get(conn: Conn, contact_id: int) -> dict[str, Any]:
    """One contact point in use (its secret is never returned)."""
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM contact_points WHERE id = %s AND removed_at IS NULL",
        (contact_id,),
    ).fetchone()
    if row is None:
        raise ContactPointNotFound(f"no contact point {contact_id}")
    return row


def listing(
    conn: Conn, address: str | None, channel: str | None, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """Contact points in use, by address, and how many there are."""
    where = (
        "removed_at IS NULL AND (%(a)s::text IS NULL OR address = %(a)s) "
        "AND (%(c)s::text IS NULL OR channel = %(c)s)"
    )
    params = {"a": address, "c": channel, "l": limit, "o": offset}
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM contact_points WHERE {where} ORDER BY address, channel, id "
        "LIMIT %(l)s OFFSET %(o)s",
        params,
    ).fetchall()
    total = conn.execute(f"SELECT count(*) AS n FROM contact_points WHERE {where}", params)
    row = total.fetchone()
    return rows, int(row["n"]) if row else 0
