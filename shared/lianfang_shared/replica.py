"""Registry reference data replicated into a consuming service's schema (read model).

Review, warning and notify all need the organisation (departments first); each keeps its own
copy, fed by the registry's integration events through its idempotent consumer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg

from lianfang_shared.consumer import Consumer
from lianfang_shared.contracts.registry import DepartmentCreated, DepartmentRenamed
from lianfang_shared.envelope import Envelope
from lianfang_shared.persistence import Database
from lianfang_shared.projection import insert_rows

TABLES = """
CREATE TABLE IF NOT EXISTS departments (
    id uuid PRIMARY KEY,
    code text NOT NULL,
    name text NOT NULL,
    parent_id uuid,
    source_position bigint NOT NULL,
    updated_at timestamptz NOT NULL
);
"""


DEPARTMENT_COLUMNS = {
    "id": "uuid",
    "code": "text",
    "name": "text",
    "parent_id": "uuid",
    "source_position": "int8",
    "updated_at": "timestamptz",
}
Items = Sequence[tuple[Any, Envelope]]
_SINGLE = (
    f"INSERT INTO departments ({', '.join(DEPARTMENT_COLUMNS)}) "
    f"VALUES ({', '.join(['%s'] * len(DEPARTMENT_COLUMNS))}) "
)


def when_departments_created(conn: psycopg.Connection[Any], items: Items) -> None:
    """Add the departments; a rename that arrived first (via catch-up) keeps its newer name."""
    rows = {  # a row once per statement (ON CONFLICT DO UPDATE): the last event of each
        e.department_id: (
            e.department_id,
            e.code,
            e.name,
            e.parent_id,
            env.sourceposition,
            env.time,
        )
        for e, env in items
    }
    _upsert(conn, list(rows.values()), "code = EXCLUDED.code, parent_id = EXCLUDED.parent_id")


def when_departments_renamed(conn: psycopg.Connection[Any], items: Items) -> None:
    """Rename, unless a newer change is already applied (creates the row if it came first):
    of several renames of one department in a run, the latest."""
    latest: dict[Any, tuple[Any, ...]] = {}
    for e, env in items:
        row = (e.department_id, "", e.name, None, env.sourceposition, env.time)
        if e.department_id not in latest or latest[e.department_id][4] < env.sourceposition:
            latest[e.department_id] = row
    _upsert(
        conn,
        list(latest.values()),
        "name = EXCLUDED.name, source_position = EXCLUDED.source_position, "
        "updated_at = EXCLUDED.updated_at "
        "WHERE departments.source_position < EXCLUDED.source_position",
    )


def _upsert(conn: psycopg.Connection[Any], rows: list[tuple[Any, ...]], update: str) -> None:
    """Insert ``rows``, or update as ``update`` says: a stretch with one ``unnest``
    statement; a single row (a consumer with observers, the single path) as plain values,
    which cost less than arrays of one."""
    conflict = f"ON CONFLICT (id) DO UPDATE SET {update}"
    if len(rows) > 1:
        insert_rows(conn, "departments", DEPARTMENT_COLUMNS, rows, conflict)
    elif rows:
        conn.execute(_SINGLE + conflict, rows[0])


def register(consumer: Consumer) -> None:
    """Keep the departments replica up to date from registry events."""
    consumer.projects_batch(DepartmentCreated)(when_departments_created)
    consumer.projects_batch(DepartmentRenamed)(when_departments_renamed)


def list_departments(db: Database) -> list[dict[str, Any]]:
    """Every replicated department, by code."""
    with db.transaction() as conn:
        return conn.execute(
            "SELECT id, code, name, parent_id FROM departments ORDER BY code"
        ).fetchall()
