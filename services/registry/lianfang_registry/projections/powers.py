"""The power catalogue, its revisions and responsibility items, from the registry's own log."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from lianfang_registry.domain.power import DETAILS, Power
from lianfang_shared.persistence import event_metadata
from lianfang_shared.projection import Projection

Conn = psycopg.Connection[Any]
_COLUMNS = ", ".join(DETAILS)
_SET_DETAILS = ", ".join(f"{k} = %({k})s" for k in DETAILS)

powers = Projection(
    "powers",
    f"""
    CREATE TABLE IF NOT EXISTS power_list (
        id uuid PRIMARY KEY,
        department_id uuid NOT NULL,
        code text NOT NULL,
        {", ".join(f"{k} text NOT NULL" for k in DETAILS)},
        status text NOT NULL,
        revision int NOT NULL,
        retired_reason text NOT NULL DEFAULT '',
        registered_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version int NOT NULL,
        UNIQUE (department_id, code)
    );
    CREATE INDEX IF NOT EXISTS power_list_filters ON power_list (category, status);
    CREATE TABLE IF NOT EXISTS power_versions (
        power_id uuid NOT NULL,
        revision int NOT NULL,
        details jsonb NOT NULL,
        changed text[] NOT NULL,
        reason text NOT NULL,
        changed_at timestamptz NOT NULL,
        changed_by text NOT NULL,
        PRIMARY KEY (power_id, revision)
    );
    CREATE TABLE IF NOT EXISTS responsibility_items (
        id uuid PRIMARY KEY,
        power_id uuid NOT NULL,
        seq bigint NOT NULL,
        description text NOT NULL,
        post_id uuid NOT NULL
    );
    CREATE INDEX IF NOT EXISTS responsibility_items_power ON responsibility_items (power_id, seq);
    CREATE INDEX IF NOT EXISTS responsibility_items_post ON responsibility_items (post_id);
    """,
)


_INSERT_VERSION = (
    "INSERT INTO power_versions (power_id, revision, details, changed, reason, changed_at, "
    "changed_by) VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING"
)
Events = list[tuple[Any, int]]


def _version(
    e: Any, revision: int, details: dict[str, str], changed: list[str], reason: str
) -> tuple[Any, ...]:
    """The power_versions row of one revision."""
    return (
        e.originator_id,
        revision,
        Jsonb(details),
        changed,
        reason,
        e.timestamp,
        event_metadata(e).get("actor", "system"),
    )


@powers.on_batch(Power.Registered)
def on_registered(conn: Conn, events: Events) -> None:
    rows, versions = [], []
    for e, _ in events:
        details = {k: e.details.get(k, "") for k in DETAILS}
        rows.append(
            {
                **details,
                "id": e.originator_id,
                "dept": e.department_id,
                "code": e.code,
                "status": str(e.status),
                "at": e.timestamp,
                "v": e.originator_version,
            }
        )
        versions.append(_version(e, 1, details, list(DETAILS), ""))
    cursor = conn.cursor()
    cursor.executemany(
        f"INSERT INTO power_list (id, department_id, code, {_COLUMNS}, status, revision, "
        "registered_at, updated_at, version) VALUES (%(id)s, %(dept)s, %(code)s, "
        f"{', '.join(f'%({k})s' for k in DETAILS)}, %(status)s, 1, %(at)s, %(at)s, %(v)s)",
        rows,
    )
    cursor.executemany(_INSERT_VERSION, versions)


@powers.on_batch(Power.Amended)
def on_amended(conn: Conn, events: Events) -> None:
    cursor = conn.cursor()
    cursor.executemany(  # in order: the last amendment of a power is its current text
        f"UPDATE power_list SET {_SET_DETAILS}, revision = %(revision)s, "
        "status = CASE WHEN status = 'draft' THEN 'draft' ELSE 'amended' END, "
        "updated_at = %(at)s, version = %(v)s WHERE id = %(id)s",
        [
            {
                **e.details,
                "revision": e.revision,
                "id": e.originator_id,
                "at": e.timestamp,
                "v": e.originator_version,
            }
            for e, _ in events
        ],
    )
    cursor.executemany(
        _INSERT_VERSION,
        [_version(e, e.revision, e.details, e.changed, e.reason) for e, _ in events],
    )


def _status(conn: Conn, rows: list[tuple[Any, ...]]) -> None:
    """Rows of (event, status, reason), in order."""
    conn.cursor().executemany(
        "UPDATE power_list SET status = %s, retired_reason = %s, updated_at = %s, version = %s "
        "WHERE id = %s",
        [
            (status, reason, e.timestamp, e.originator_version, e.originator_id)
            for e, status, reason in rows
        ],
    )


@powers.on_batch(Power.Activated)
def on_activated(conn: Conn, events: Events) -> None:
    _status(conn, [(e, "active", "") for e, _ in events])


@powers.on_batch(Power.Retired)
def on_retired(conn: Conn, events: Events) -> None:
    _status(conn, [(e, "retired", e.reason) for e, _ in events])


@powers.on_batch(Power.ResponsibilityItemAdded)
def on_item_added(conn: Conn, events: Events) -> None:
    conn.cursor().executemany(
        "INSERT INTO responsibility_items (id, power_id, seq, description, post_id) "
        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
        [
            (e.item_id, e.originator_id, position, e.description, e.post_id)
            for e, position in events
        ],
    )


@powers.on_batch(Power.ResponsibilityItemRemoved)
def on_item_removed(conn: Conn, events: Events) -> None:
    conn.cursor().executemany(
        "DELETE FROM responsibility_items WHERE id = %s", [(e.item_id,) for e, _ in events]
    )
