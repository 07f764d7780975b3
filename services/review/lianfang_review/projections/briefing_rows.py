"""The briefing rows of the duties read model: briefings, their audience, briefings owed."""

from __future__ import annotations

from typing import Any

import psycopg

from lianfang_review.domain.briefing import Briefing, BriefingDue
from lianfang_review.projections.duties import duties
from lianfang_shared.persistence import event_metadata

Conn = psycopg.Connection[Any]


@duties.on(Briefing.Held)
def on_held(conn: Conn, e: Any, _: int) -> None:
    conn.execute(
        "INSERT INTO briefing_list (id, level, title, department_id, unit, post_ids, held_on, "
        "held_by, item_count, recorded_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (
            e.originator_id, e.level, e.title, e.department_id, e.unit, list(e.post_ids),
            e.held_on, event_metadata(e).get("actor", "system"), len(e.items), e.timestamp,
        ),
    )  # fmt: skip
    for person in e.audience:
        conn.execute(
            "INSERT INTO briefing_audience (briefing_id, person_id) VALUES (%s, %s)",
            (e.originator_id, person),
        )


@duties.on(Briefing.Acknowledged)
def on_acknowledged(conn: Conn, e: Any, _: int) -> None:
    conn.execute(
        "UPDATE briefing_audience SET knowings = knowings || %s, complete = %s, "
        "acknowledged_at = %s WHERE briefing_id = %s AND person_id = %s",
        (list(e.knowings), e.complete, e.timestamp, e.originator_id, e.person_id),
    )


@duties.on(BriefingDue.Owed)
def on_owed(conn: Conn, e: Any, _: int) -> None:
    conn.execute(
        "INSERT INTO briefing_due_list (id, person_id, post_id, department_id, effective_on, "
        "due_on, cause, status, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, 'owed', %s)",
        (e.originator_id, e.person_id, e.post_id, e.department_id, e.effective_on, e.due_on,
         e.cause, e.timestamp),
    )  # fmt: skip


def _settled(conn: Conn, e: Any, status: str, on: Any, briefing: Any = None) -> None:
    conn.execute(
        "UPDATE briefing_due_list SET status = %s, settled_on = COALESCE(%s, settled_on), "
        "briefing_id = COALESCE(%s, briefing_id), updated_at = %s WHERE id = %s",
        (status, on, briefing, e.timestamp, e.originator_id),
    )


@duties.on(BriefingDue.Met)
def on_met(conn: Conn, e: Any, _: int) -> None:
    _settled(conn, e, "met", e.met_on, e.briefing_id)


@duties.on(BriefingDue.Overdue)
def on_overdue(conn: Conn, e: Any, _: int) -> None:
    _settled(conn, e, "overdue", None)


@duties.on(BriefingDue.Withdrawn)
def on_withdrawn(conn: Conn, e: Any, _: int) -> None:
    _settled(conn, e, "withdrawn", e.timestamp.date())
