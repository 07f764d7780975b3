"""Contact points: where an address's email and chat messages go (kept by admins).

A webhook's signing secret is stored sealed (``lianfang_shared.sealing``, bound to the
contact point's channel and target) and opened only to sign a message.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import errors

from lianfang_notify.errors import ContactPointNotFound, DuplicateContactPoint
from lianfang_shared.sealing import Sealer

Conn = psycopg.Connection[Any]
_COLUMNS = "id, address, channel, target, secret <> '' AS signed, locale, digest, label, created_at"


def _bound_to(channel: str, target: str) -> bytes:
    return f"{channel}\n{target}".encode()


def seal_secret(sealer: Sealer, channel: str, target: str, secret: str) -> str:
    """The stored form of a contact point's signing secret (empty: none)."""
    return sealer.seal(secret.encode(), _bound_to(channel, target)) if secret else ""


def open_secret(sealer: Sealer, channel: str, target: str, stored: str) -> str:
    """The signing secret of a contact point from its stored form."""
    return sealer.open(stored, _bound_to(channel, target)).decode() if stored else ""


def seal_plain_secrets(conn: Conn, sealer: Sealer) -> int:
    """Seal the secrets stored before sealing existed; how many."""
    rows = conn.execute(
        "SELECT id, channel, target, secret FROM contact_points WHERE secret <> '' FOR UPDATE"
    ).fetchall()
    plain = [r for r in rows if not Sealer.is_sealed(r["secret"])]
    for r in plain:
        sealed = seal_secret(sealer, r["channel"], r["target"], r["secret"])
        conn.execute("UPDATE contact_points SET secret = %s WHERE id = %s", (sealed, r["id"]))
    return len(plain)


def add(conn: Conn, values: dict[str, Any], actor: str, sealer: Sealer) -> int:
    """Register a contact point; DuplicateContactPoint if the address has it already."""
    secret = seal_secret(sealer, values["channel"], values["target"], values.get("secret", ""))
    values = {**values, "secret": secret}
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


def update(conn: Conn, contact_id: int, changes: dict[str, Any], sealer: Sealer) -> None:
    """Change the locale, digest choice, label or secret of a contact point."""
    row = get(conn, contact_id)
    if changes.get("secret") is not None:
        secret = seal_secret(sealer, row["channel"], row["target"], changes["secret"])
        changes = {**changes, "secret": secret}
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
