"""Posts, persons, appointments (with dates) and in-charge departments, from the own log."""

from __future__ import annotations

from typing import Any

import psycopg

from lianfang_registry.domain.person import Person
from lianfang_registry.domain.post import Post
from lianfang_shared.projection import Projection, insert_rows

Conn = psycopg.Connection[Any]

organisation = Projection(
    "organisation",
    """
    CREATE TABLE IF NOT EXISTS post_list (
        id uuid PRIMARY KEY,
        department_id uuid NOT NULL,
        code text NOT NULL,
        name text NOT NULL,
        key_post boolean NOT NULL,
        version int NOT NULL
    );
    CREATE INDEX IF NOT EXISTS post_list_department ON post_list (department_id, code);
    CREATE TABLE IF NOT EXISTS person_list (
        id uuid PRIMARY KEY,
        staff_no text NOT NULL UNIQUE,
        name text NOT NULL,
        rank text NOT NULL,
        left_on date,
        version int NOT NULL
    );
    CREATE TABLE IF NOT EXISTS appointments (
        person_id uuid NOT NULL,
        post_id uuid NOT NULL,
        department_id uuid NOT NULL,
        start_on date NOT NULL,
        end_on date,
        PRIMARY KEY (person_id, post_id, start_on)
    );
    CREATE INDEX IF NOT EXISTS appointments_post ON appointments (post_id);
    CREATE TABLE IF NOT EXISTS in_charge (
        person_id uuid NOT NULL,
        department_id uuid NOT NULL,
        PRIMARY KEY (person_id, department_id)
    );
    """,
)


Events = list[tuple[Any, int]]


@organisation.on_batch(Post.Created)
def on_posts_created(conn: Conn, events: Events) -> None:
    insert_rows(
        conn,
        "post_list",
        {
            "id": "uuid",
            "department_id": "uuid",
            "code": "text",
            "name": "text",
            "key_post": "boolean",
            "version": "integer",
        },
        [
            (e.originator_id, e.department_id, e.code, e.name, e.key_post, e.originator_version)
            for e, _ in events
        ],
    )


@organisation.on_batch(Post.Changed)
def on_posts_changed(conn: Conn, events: Events) -> None:
    conn.cursor().executemany(  # in order: a post changed twice keeps the later change
        "UPDATE post_list SET name = %s, key_post = %s, version = %s WHERE id = %s",
        [(e.name, e.key_post, e.originator_version, e.originator_id) for e, _ in events],
    )


@organisation.on_batch(Person.Created)
def on_persons_created(conn: Conn, events: Events) -> None:
    insert_rows(
        conn,
        "person_list",
        {"id": "uuid", "staff_no": "text", "name": "text", "rank": "text", "version": "integer"},
        [
            (e.originator_id, e.staff_no, e.name, str(e.rank), e.originator_version)
            for e, _ in events
        ],
    )


@organisation.on_batch(Person.RankChanged)
def on_ranks_changed(conn: Conn, events: Events) -> None:
    conn.cursor().executemany(
        "UPDATE person_list SET rank = %s, version = %s WHERE id = %s",
        [(str(e.rank), e.originator_version, e.originator_id) for e, _ in events],
    )


def _start(conn: Conn, e: Any, post_id: Any, department_id: Any) -> None:
    conn.execute(
        "INSERT INTO appointments (person_id, post_id, department_id, start_on) "
        "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
        (e.originator_id, post_id, department_id, e.effective_on),
    )


def _end(conn: Conn, e: Any, post_id: Any = None) -> None:
    conn.execute(
        "UPDATE appointments SET end_on = %s WHERE person_id = %s AND end_on IS NULL "
        "AND (%s::uuid IS NULL OR post_id = %s)",
        (e.effective_on, e.originator_id, post_id, post_id),
    )


def _version(conn: Conn, e: Any) -> None:
    conn.execute(
        "UPDATE person_list SET version = %s WHERE id = %s", (e.originator_version, e.originator_id)
    )


@organisation.on(Person.Appointed)
def on_appointed(conn: Conn, e: Person.Appointed, _: int) -> None:
    _start(conn, e, e.post_id, e.department_id)
    _version(conn, e)


@organisation.on(Person.Transferred)
def on_transferred(conn: Conn, e: Person.Transferred, _: int) -> None:
    _end(conn, e, e.from_post_id)
    _start(conn, e, e.to_post_id, e.to_department_id)
    _version(conn, e)


@organisation.on(Person.Relieved)
def on_relieved(conn: Conn, e: Person.Relieved, _: int) -> None:
    _end(conn, e, e.post_id)
    _version(conn, e)


@organisation.on(Person.Left)
def on_left(conn: Conn, e: Person.Left, _: int) -> None:
    _end(conn, e)
    conn.execute("DELETE FROM in_charge WHERE person_id = %s", (e.originator_id,))
    conn.execute(
        "UPDATE person_list SET left_on = %s WHERE id = %s", (e.effective_on, e.originator_id)
    )
    _version(conn, e)


@organisation.on(Person.InChargeSet)
def on_in_charge_set(conn: Conn, e: Person.InChargeSet, _: int) -> None:
    conn.execute("DELETE FROM in_charge WHERE person_id = %s", (e.originator_id,))
    for department_id in e.department_ids:
        conn.execute(
            "INSERT INTO in_charge (person_id, department_id) VALUES (%s, %s)",
            (e.originator_id, department_id),
        )
    _version(conn, e)
