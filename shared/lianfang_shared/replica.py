"""Registry reference data replicated into a consuming service's schema (read model).

Review, warning and notify all need the organisation (departments first); each keeps its own
copy, fed by the registry's integration events through its idempotent consumer.
"""

from __future__ import annotations

from typing import Any

import psycopg

from lianfang_shared.consumer import Consumer
from lianfang_shared.contracts.registry import DepartmentCreated, DepartmentRenamed
from lianfang_shared.envelope import Envelope
from lianfang_shared.persistence import Database

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


def when_department_created(
    conn: psycopg.Connection[Any], e: DepartmentCreated, env: Envelope
) -> None:
    """Add the department; a rename that arrived first (via catch-up) keeps its newer name."""
    conn.execute(
        "INSERT INTO departments (id, code, name, parent_id, source_position, updated_at) "
        "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET "
        "code = EXCLUDED.code, parent_id = EXCLUDED.parent_id",
        (e.department_id, e.code, e.name, e.parent_id, env.sourceposition, env.time),
    )


def when_department_renamed(
    conn: psycopg.Connection[Any], e: DepartmentRenamed, env: Envelope
) -> None:
    """Rename, unless a newer change is already applied (creates the row if it came first)."""
    conn.execute(
        "INSERT INTO departments (id, code, name, source_position, updated_at) "
        "VALUES (%s, '', %s, %s, %s) ON CONFLICT (id) DO UPDATE SET "
        "name = EXCLUDED.name, source_position = EXCLUDED.source_position, "
        "updated_at = EXCLUDED.updated_at "
        "WHERE departments.source_position < EXCLUDED.source_position",
        (e.department_id, e.name, env.sourceposition, env.time),
    )


def register(consumer: Consumer) -> None:
    """Keep the departments replica up to date from registry events."""
    consumer.projects(DepartmentCreated)(when_department_created)
    consumer.projects(DepartmentRenamed)(when_department_renamed)


def list_departments(db: Database) -> list[dict[str, Any]]:
    """Every replicated department, by code."""
    with db.transaction() as conn:
        return conn.execute(
            "SELECT id, code, name, parent_id FROM departments ORDER BY code"
        ).fetchall()
