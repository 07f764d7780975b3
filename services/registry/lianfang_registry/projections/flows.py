"""Process flows (业务工作运行流程图): each power's ordered steps and their posts."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import psycopg

from lianfang_registry.domain.power import Power
from lianfang_shared.persistence import Database
from lianfang_shared.projection import Projection

Conn = psycopg.Connection[Any]

flows = Projection(
    "flows",
    """
    CREATE TABLE IF NOT EXISTS flow_steps (
        id uuid PRIMARY KEY,
        power_id uuid NOT NULL,
        position int NOT NULL,
        name text NOT NULL,
        post_id uuid NOT NULL,
        description text NOT NULL
    );
    CREATE INDEX IF NOT EXISTS flow_steps_power ON flow_steps (power_id, position);
    CREATE INDEX IF NOT EXISTS flow_steps_post ON flow_steps (post_id);
    """,
)


@flows.on(Power.StepAdded)
def on_step_added(conn: Conn, e: Power.StepAdded, _: int) -> None:
    conn.execute(
        "UPDATE flow_steps SET position = position + 1 WHERE power_id = %s AND position >= %s",
        (e.originator_id, e.position),
    )
    conn.execute(
        "INSERT INTO flow_steps (id, power_id, position, name, post_id, description) "
        "VALUES (%s, %s, %s, %s, %s, %s)",
        (e.step_id, e.originator_id, e.position, e.name, e.post_id, e.description),
    )


@flows.on_batch(Power.StepChanged)
def on_steps_changed(conn: Conn, events: list[tuple[Any, int]]) -> None:
    conn.cursor().executemany(  # in order: a step changed twice keeps the later change
        "UPDATE flow_steps SET name = %s, post_id = %s, description = %s WHERE id = %s",
        [(e.name, e.post_id, e.description, e.step_id) for e, _ in events],
    )


@flows.on(Power.StepsReordered)
def on_steps_reordered(conn: Conn, e: Power.StepsReordered, _: int) -> None:
    for position, step_id in enumerate(e.step_ids, start=1):
        conn.execute("UPDATE flow_steps SET position = %s WHERE id = %s", (position, step_id))


@flows.on(Power.StepRemoved)
def on_step_removed(conn: Conn, e: Power.StepRemoved, _: int) -> None:
    row = conn.execute(
        "DELETE FROM flow_steps WHERE id = %s RETURNING position", (e.step_id,)
    ).fetchone()
    if row is not None:
        conn.execute(
            "UPDATE flow_steps SET position = position - 1 WHERE power_id = %s AND position > %s",
            (e.originator_id, row["position"]),
        )


def steps(db: Database, power_id: UUID) -> list[dict[str, Any]]:
    """A power's steps in order, with each post's name, department and key-post flag."""
    with db.transaction() as conn:
        return conn.execute(
            "SELECT s.id, s.position, s.name, s.description, s.post_id, p.name AS post_name, "
            "p.key_post, d.name AS department_name FROM flow_steps s "
            "LEFT JOIN post_list p ON p.id = s.post_id "
            "LEFT JOIN department_list d ON d.id = p.department_id "
            "WHERE s.power_id = %s ORDER BY s.position",
            (power_id,),
        ).fetchall()
