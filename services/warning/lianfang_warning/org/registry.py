"""Registry events → the people replica (persons, appointments, leaders in charge)."""

from __future__ import annotations

from typing import Any

import psycopg

from lianfang_shared import replica
from lianfang_shared.consumer import Consumer
from lianfang_shared.contracts import registry as c
from lianfang_shared.envelope import Envelope

Conn = psycopg.Connection[Any]


def when_person_created(conn: Conn, e: c.PersonCreated, _: Envelope) -> None:
    conn.execute(
        "INSERT INTO persons (id, staff_no, name, rank) VALUES (%s, %s, %s, %s) "
        "ON CONFLICT (id) DO UPDATE SET staff_no = EXCLUDED.staff_no, name = EXCLUDED.name",
        (e.person_id, e.staff_no, e.name, e.rank),
    )


def when_rank_changed(conn: Conn, e: c.PersonRankChanged, _: Envelope) -> None:
    conn.execute(
        "INSERT INTO persons (id, rank) VALUES (%s, %s) "
        "ON CONFLICT (id) DO UPDATE SET rank = EXCLUDED.rank",
        (e.person_id, e.rank),
    )


def when_appointed(conn: Conn, e: c.PersonAppointed, _: Envelope) -> None:
    conn.execute(
        "INSERT INTO appointments (person_id, post_id, department_id, start_on) "
        "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
        (e.person_id, e.post_id, e.department_id, e.effective_on),
    )


def when_transferred(conn: Conn, e: c.PersonTransferred, _: Envelope) -> None:
    _end(conn, e.person_id, e.from_post_id, e)
    conn.execute(
        "INSERT INTO appointments (person_id, post_id, department_id, start_on) "
        "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
        (e.person_id, e.to_post_id, e.to_department_id, e.effective_on),
    )


def when_relieved(conn: Conn, e: c.PersonRelieved, _: Envelope) -> None:
    _end(conn, e.person_id, e.post_id, e)


def when_left(conn: Conn, e: c.PersonLeft, _: Envelope) -> None:
    conn.execute(
        "UPDATE appointments SET end_on = %s WHERE person_id = %s AND end_on IS NULL",
        (e.effective_on, e.person_id),
    )
    conn.execute("UPDATE persons SET left_on = %s WHERE id = %s", (e.effective_on, e.person_id))


def when_in_charge_set(conn: Conn, e: c.LeaderInChargeSet, _: Envelope) -> None:
    conn.execute("DELETE FROM leaders_in_charge WHERE person_id = %s", (e.person_id,))
    for department_id in e.department_ids:
        conn.execute(
            "INSERT INTO leaders_in_charge (person_id, department_id) VALUES (%s, %s)",
            (e.person_id, department_id),
        )


def _end(conn: Conn, person_id: Any, post_id: Any, e: Any) -> None:
    conn.execute(
        "UPDATE appointments SET end_on = %s "
        "WHERE person_id = %s AND post_id = %s AND end_on IS NULL",
        (e.effective_on, person_id, post_id),
    )


def register(consumer: Consumer) -> None:
    """Keep departments and people up to date from registry events."""
    replica.register(consumer)
    consumer.projects(c.PersonCreated)(when_person_created)
    consumer.projects(c.PersonRankChanged)(when_rank_changed)
    consumer.projects(c.PersonAppointed)(when_appointed)
    consumer.projects(c.PersonTransferred)(when_transferred)
    consumer.projects(c.PersonRelieved)(when_relieved)
    consumer.projects(c.PersonLeft)(when_left)
    consumer.projects(c.LeaderInChargeSet)(when_in_charge_set)
