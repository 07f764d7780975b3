"""Notify's copy of the organisation: persons' names and the leaders in charge (分管), from
registry events (departments come from the shared replica). Later changes win over earlier
ones whichever order they arrive in (Kafka or catch-up)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import psycopg

from lianfang_shared.consumer import Consumer
from lianfang_shared.contracts.registry import (
    LeaderInChargeSet,
    PersonCreated,
    PersonLeft,
    PersonRankChanged,
)
from lianfang_shared.envelope import Envelope

Conn = psycopg.Connection[Any]


def when_person_created(conn: Conn, e: PersonCreated, env: Envelope) -> None:
    conn.execute(
        "INSERT INTO persons (id, name, rank, source_position) VALUES (%s, %s, %s, %s) "
        "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name",
        (e.person_id, e.name, e.rank, env.sourceposition),
    )


def when_rank_changed(conn: Conn, e: PersonRankChanged, env: Envelope) -> None:
    conn.execute(
        "INSERT INTO persons (id, name, rank, source_position) VALUES (%s, '', %s, %s) "
        "ON CONFLICT (id) DO UPDATE SET rank = EXCLUDED.rank, "
        "source_position = EXCLUDED.source_position "
        "WHERE persons.source_position < EXCLUDED.source_position",
        (e.person_id, e.rank, env.sourceposition),
    )


def when_person_left(conn: Conn, e: PersonLeft, env: Envelope) -> None:
    conn.execute(
        "INSERT INTO persons (id, name, rank, left_on, source_position) "
        "VALUES (%s, '', 'staff', %s, %s) "
        "ON CONFLICT (id) DO UPDATE SET left_on = EXCLUDED.left_on",
        (e.person_id, e.effective_on, env.sourceposition),
    )


def when_in_charge_set(conn: Conn, e: LeaderInChargeSet, env: Envelope) -> None:
    conn.execute(
        "INSERT INTO leaders_in_charge (person_id, department_ids, source_position) "
        "VALUES (%s, %s, %s) ON CONFLICT (person_id) DO UPDATE SET "
        "department_ids = EXCLUDED.department_ids, source_position = EXCLUDED.source_position "
        "WHERE leaders_in_charge.source_position < EXCLUDED.source_position",
        (e.person_id, e.department_ids, env.sourceposition),
    )


def register(consumer: Consumer) -> None:
    """Keep the persons and leaders-in-charge copy up to date."""
    consumer.projects(PersonCreated)(when_person_created)
    consumer.projects(PersonRankChanged)(when_rank_changed)
    consumer.projects(PersonLeft)(when_person_left)
    consumer.projects(LeaderInChargeSet)(when_in_charge_set)


def is_uuid(value: str) -> bool:
    """True if ``value`` is a UUID (ids in events are; anything else matches nothing)."""
    try:
        UUID(value)
    except ValueError:
        return False
    return True


def leaders_of(conn: Conn, department_id: str) -> list[str]:
    """Persons in charge of a department (who have not left), as ids."""
    if not is_uuid(department_id):
        return []
    rows = conn.execute(
        "SELECT l.person_id FROM leaders_in_charge l LEFT JOIN persons p ON p.id = l.person_id "
        "WHERE %s::uuid = ANY(l.department_ids) AND p.left_on IS NULL ORDER BY l.person_id",
        (department_id,),
    ).fetchall()
    return [str(r["person_id"]) for r in rows]


def department_name(conn: Conn, department_id: str) -> str:
    """A department's name ('' if notify does not know it yet)."""
    if not is_uuid(department_id):
        return ""
    row = conn.execute(
        "SELECT name FROM departments WHERE id = %s::uuid", (department_id,)
    ).fetchone()
    return str(row["name"]) if row else ""


def person_name(conn: Conn, person_id: str) -> str:
    """A person's name ('' if notify does not know them yet)."""
    if not is_uuid(person_id):
        return ""
    row = conn.execute("SELECT name FROM persons WHERE id = %s::uuid", (person_id,)).fetchone()
    return str(row["name"]) if row else ""
