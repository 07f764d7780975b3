"""Review's copy of the organisation (from registry events): posts, persons with rank,
appointments, leaders in charge, powers and process steps.

Events of different aggregates may arrive in any order (several partitions, catch-up), so
every write is an upsert that tolerates a missing row, and state that changes over time keeps
the source position (or revision) it was written at so an older event never overwrites it.
"""

from __future__ import annotations

from typing import Any

import psycopg

from lianfang_shared.contracts import registry as r
from lianfang_shared.envelope import Envelope

Conn = psycopg.Connection[Any]


def when_post_created(conn: Conn, e: r.PostCreated, env: Envelope) -> None:
    conn.execute(
        "INSERT INTO org_posts (id, department_id, code, name, key_post, source_position) "
        "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET "
        "department_id = EXCLUDED.department_id, code = EXCLUDED.code",
        (e.post_id, e.department_id, e.code, e.name, e.key_post, env.sourceposition),
    )


def when_post_changed(conn: Conn, e: r.PostChanged, env: Envelope) -> None:
    conn.execute(
        "INSERT INTO org_posts (id, name, key_post, source_position) VALUES (%s, %s, %s, %s) "
        "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, key_post = EXCLUDED.key_post, "
        "source_position = EXCLUDED.source_position "
        "WHERE org_posts.source_position < EXCLUDED.source_position",
        (e.post_id, e.name, e.key_post, env.sourceposition),
    )


def when_person_created(conn: Conn, e: r.PersonCreated, env: Envelope) -> None:
    conn.execute(
        "INSERT INTO org_persons (id, staff_no, name, rank, rank_position) "
        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET "
        "staff_no = EXCLUDED.staff_no, name = EXCLUDED.name",
        (e.person_id, e.staff_no, e.name, e.rank, env.sourceposition),
    )


def set_rank(conn: Conn, e: r.PersonRankChanged, env: Envelope) -> None:
    """The person's new rank, unless a newer one is there already."""
    conn.execute(
        "INSERT INTO org_persons (id, rank, rank_position) VALUES (%s, %s, %s) "
        "ON CONFLICT (id) DO UPDATE SET rank = EXCLUDED.rank, "
        "rank_position = EXCLUDED.rank_position "
        "WHERE org_persons.rank_position < EXCLUDED.rank_position",
        (e.person_id, e.rank, env.sourceposition),
    )


def _start(conn: Conn, person: Any, post: Any, department: Any, on: Any) -> None:
    conn.execute(
        "INSERT INTO org_appointments (person_id, post_id, department_id, start_on) "
        "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
        (person, post, department, on),
    )


def _end(conn: Conn, person: Any, on: Any, post: Any = None) -> None:
    conn.execute(
        "UPDATE org_appointments SET end_on = %s WHERE person_id = %s AND end_on IS NULL "
        "AND start_on <= %s AND (%s::uuid IS NULL OR post_id = %s)",
        (on, person, on, post, post),
    )


def when_appointed(conn: Conn, e: r.PersonAppointed, env: Envelope) -> None:
    _start(conn, e.person_id, e.post_id, e.department_id, e.effective_on)


def transfer(conn: Conn, e: r.PersonTransferred, env: Envelope) -> None:
    """End the old post and start the new one (idempotent)."""
    _end(conn, e.person_id, e.effective_on, e.from_post_id)
    _start(conn, e.person_id, e.to_post_id, e.to_department_id, e.effective_on)


def when_relieved(conn: Conn, e: r.PersonRelieved, env: Envelope) -> None:
    _end(conn, e.person_id, e.effective_on, e.post_id)


def when_left(conn: Conn, e: r.PersonLeft, env: Envelope) -> None:
    _end(conn, e.person_id, e.effective_on)
    conn.execute("UPDATE org_persons SET left_on = %s WHERE id = %s", (e.effective_on, e.person_id))
    conn.execute("DELETE FROM org_in_charge WHERE person_id = %s", (e.person_id,))


def when_in_charge_set(conn: Conn, e: r.LeaderInChargeSet, env: Envelope) -> None:
    conn.execute(
        "INSERT INTO org_in_charge (person_id, department_ids, source_position) "
        "VALUES (%s, %s, %s) ON CONFLICT (person_id) DO UPDATE SET "
        "department_ids = EXCLUDED.department_ids, source_position = EXCLUDED.source_position "
        "WHERE org_in_charge.source_position < EXCLUDED.source_position",
        (e.person_id, list(e.department_ids), env.sourceposition),
    )


def when_power_registered(conn: Conn, e: r.PowerRegistered, env: Envelope) -> None:
    conn.execute(
        "INSERT INTO org_powers (id, department_id, code, name, category, status, revision) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET "
        "department_id = EXCLUDED.department_id, code = EXCLUDED.code",
        (e.power_id, e.department_id, e.code, e.details.name, e.details.category, e.status, 1),
    )


def amend_power(conn: Conn, e: r.PowerAmended, env: Envelope) -> None:
    """The power's new revision (name, category), unless a later one is there already."""
    conn.execute(
        "INSERT INTO org_powers (id, name, category, status, revision) "
        "VALUES (%s, %s, %s, 'amended', %s) ON CONFLICT (id) DO UPDATE SET "
        "name = EXCLUDED.name, category = EXCLUDED.category, revision = EXCLUDED.revision, "
        "status = CASE WHEN org_powers.status IN ('active', 'amended') THEN 'amended' "
        "ELSE org_powers.status END WHERE org_powers.revision < EXCLUDED.revision",
        (e.power_id, e.details.name, e.details.category, e.revision),
    )


def when_power_activated(conn: Conn, e: r.PowerActivated, env: Envelope) -> None:
    conn.execute(
        "INSERT INTO org_powers (id, status) VALUES (%s, 'active') ON CONFLICT (id) DO UPDATE "
        "SET status = 'active' WHERE org_powers.status = 'draft'",
        (e.power_id,),
    )


def retire_power(conn: Conn, e: r.PowerRetired, env: Envelope) -> None:
    """Retired is final."""
    conn.execute(
        "INSERT INTO org_powers (id, status) VALUES (%s, 'retired') ON CONFLICT (id) DO UPDATE "
        "SET status = 'retired'",
        (e.power_id,),
    )


def when_step_added(conn: Conn, e: r.ProcessStepAdded, env: Envelope) -> None:
    conn.execute(
        "INSERT INTO org_steps (id, power_id, name, post_id, source_position) "
        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
        (e.step_id, e.power_id, e.name, e.post_id, env.sourceposition),
    )


def change_step(conn: Conn, e: r.ProcessStepChanged, env: Envelope) -> None:
    """The step's new name and post, unless a newer change is there already."""
    conn.execute(
        "INSERT INTO org_steps (id, power_id, name, post_id, source_position) "
        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, "
        "post_id = EXCLUDED.post_id, source_position = EXCLUDED.source_position "
        "WHERE org_steps.source_position < EXCLUDED.source_position",
        (e.step_id, e.power_id, e.name, e.post_id, env.sourceposition),
    )


def remove_step(conn: Conn, e: r.ProcessStepRemoved, env: Envelope) -> None:
    """Removed is final (the name stays for what was linked to it)."""
    conn.execute(
        "INSERT INTO org_steps (id, power_id, name, removed, source_position) "
        "VALUES (%s, %s, '', true, %s) ON CONFLICT (id) DO UPDATE SET removed = true",
        (e.step_id, e.power_id, env.sourceposition),
    )


def when_item_added(conn: Conn, e: r.ResponsibilityItemAdded, env: Envelope) -> None:
    conn.execute(
        "INSERT INTO org_responsibilities (id, power_id, description, post_id, seq) "
        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
        (e.item_id, e.power_id, e.description, e.post_id, env.sourceposition),
    )


def when_item_removed(conn: Conn, e: r.ResponsibilityItemRemoved, env: Envelope) -> None:
    conn.execute("DELETE FROM org_responsibilities WHERE id = %s", (e.item_id,))


# Contracts kept only in the read model (the others are also reactions: messaging/reactions
# and messaging/duties).
PROJECTORS: dict[type, Any] = {
    r.PostCreated: when_post_created,
    r.PostChanged: when_post_changed,
    r.PersonCreated: when_person_created,
    r.LeaderInChargeSet: when_in_charge_set,
    r.PowerRegistered: when_power_registered,
    r.PowerActivated: when_power_activated,
    r.ProcessStepAdded: when_step_added,
    r.ResponsibilityItemAdded: when_item_added,
    r.ResponsibilityItemRemoved: when_item_removed,
}
