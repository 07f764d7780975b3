"""The department list: current state of every department, from the registry's own log."""

from __future__ import annotations

from typing import Any

import psycopg

from lianfang_registry.domain.department import Department
from lianfang_shared.persistence import Database
from lianfang_shared.projection import Projection, insert_rows

departments = Projection(
    "departments",
    """
    CREATE TABLE IF NOT EXISTS department_list (
        id uuid PRIMARY KEY,
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        parent_id uuid,
        version int NOT NULL
    );
    """,
)


Events = list[tuple[Any, int]]


@departments.on_batch(Department.Created)
def on_created(conn: psycopg.Connection[Any], events: Events) -> None:
    insert_rows(
        conn,
        "department_list",
        {"id": "uuid", "code": "text", "name": "text", "parent_id": "uuid", "version": "integer"},
        [(e.originator_id, e.code, e.name, e.parent_id, e.originator_version) for e, _ in events],
    )


@departments.on_batch(Department.Renamed)
def on_renamed(conn: psycopg.Connection[Any], events: Events) -> None:
    rows = [(e.name, e.originator_version, e.originator_id) for e, _ in events]
    conn.cursor().executemany(  # in order: an aggregate renamed twice keeps the later name
        "UPDATE department_list SET name = %s, version = %s WHERE id = %s", rows
    )


def list_departments(db: Database, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """One page of departments by code, and the total."""
    with db.transaction() as conn:
        rows = conn.execute(
            "SELECT id, code, name, parent_id, version FROM department_list "
            "ORDER BY code LIMIT %s OFFSET %s",
            (limit, offset),
        ).fetchall()
        total = conn.execute("SELECT count(*) AS n FROM department_list").fetchone()
    return rows, int(total["n"]) if total else 0


def all_departments(db: Database) -> list[dict[str, Any]]:
    """Every department by code (for the tree)."""
    with db.transaction() as conn:
        return conn.execute(
            "SELECT id, code, name, parent_id, version FROM department_list ORDER BY code"
        ).fetchall()
