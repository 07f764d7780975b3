"""The department list: current state of every department, from the registry's own log."""

from __future__ import annotations

from typing import Any

import psycopg

from lianfang_registry.domain.department import Department
from lianfang_shared.persistence import Database
from lianfang_shared.projection import Projection

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


@departments.on(Department.Created)
def on_created(conn: psycopg.Connection[Any], e: Department.Created, _: int) -> None:
    conn.execute(
        "INSERT INTO department_list (id, code, name, parent_id, version) "
        "VALUES (%s, %s, %s, %s, %s)",
        (e.originator_id, e.code, e.name, e.parent_id, e.originator_version),
    )


@departments.on(Department.Renamed)
def on_renamed(conn: psycopg.Connection[Any], e: Department.Renamed, _: int) -> None:
    conn.execute(
        "UPDATE department_list SET name = %s, version = %s WHERE id = %s",
        (e.name, e.originator_version, e.originator_id),
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
