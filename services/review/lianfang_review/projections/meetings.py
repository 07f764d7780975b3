"""The department-meeting read model."""

from __future__ import annotations

from typing import Any

import psycopg

from lianfang_review.domain.meeting import Meeting
from lianfang_shared.persistence import event_metadata
from lianfang_shared.projection import Projection

Conn = psycopg.Connection[Any]

meetings = Projection(
    "meetings",
    """
    CREATE TABLE IF NOT EXISTS meeting_list (
        id uuid PRIMARY KEY,
        department_id uuid NOT NULL,
        held_on date NOT NULL,
        attendee_ids uuid[] NOT NULL,
        member_ids uuid[] NOT NULL,
        topic text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
    );
    """,
)


@meetings.on(Meeting.Recorded)
def on_meeting(conn: Conn, e: Any, _: int) -> None:
    conn.execute(
        "INSERT INTO meeting_list (id, department_id, held_on, attendee_ids, member_ids, topic, "
        "recorded_by, recorded_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
        (
            e.originator_id, e.department_id, e.held_on, list(e.attendee_ids),
            list(e.member_ids), e.topic, event_metadata(e).get("actor", "system"), e.timestamp,
        ),
    )  # fmt: skip
