"""The read model of people's duties: commitments and their items, briefings with their
audience and acknowledgements, and the briefings owed for new posts (handlers of briefings
in ``briefing_rows``)."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from lianfang_review.domain.commitment import Commitment
from lianfang_review.projections.points import _json
from lianfang_shared.projection import Projection

Conn = psycopg.Connection[Any]
DUTIES_PROJECTION = "duties"

duties = Projection(
    DUTIES_PROJECTION,
    """
    CREATE TABLE IF NOT EXISTS commitment_list (
        person_id uuid PRIMARY KEY,
        id uuid NOT NULL,
        department_id uuid,
        status text NOT NULL,
        version int,
        rank text,
        recipient jsonb,
        digest text,
        generated_on date,
        signed_on date,
        signed_by text,
        valid_until date,
        received_on date,
        publicity_start date,
        publicity_end date,
        owed_cause text,
        owed_reason text,
        renew_by date,
        renewal_noticed boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL
    );
    CREATE TABLE IF NOT EXISTS commitment_items (
        person_id uuid NOT NULL,
        risk_point_id uuid NOT NULL,
        point_version int NOT NULL,
        PRIMARY KEY (person_id, risk_point_id)
    );
    CREATE INDEX IF NOT EXISTS commitment_items_point ON commitment_items (risk_point_id);
    CREATE TABLE IF NOT EXISTS briefing_list (
        id uuid PRIMARY KEY,
        level text NOT NULL,
        title text NOT NULL,
        department_id uuid,
        unit text NOT NULL,
        post_ids uuid[] NOT NULL,
        held_on date NOT NULL,
        held_by text NOT NULL,
        item_count int NOT NULL,
        recorded_at timestamptz NOT NULL
    );
    CREATE TABLE IF NOT EXISTS briefing_audience (
        briefing_id uuid NOT NULL,
        person_id uuid NOT NULL,
        knowings text[] NOT NULL DEFAULT '{}',
        complete boolean NOT NULL DEFAULT false,
        acknowledged_at timestamptz,
        PRIMARY KEY (briefing_id, person_id)
    );
    CREATE INDEX IF NOT EXISTS briefing_audience_person ON briefing_audience (person_id);
    CREATE TABLE IF NOT EXISTS briefing_due_list (
        id uuid PRIMARY KEY,
        person_id uuid NOT NULL,
        post_id uuid NOT NULL,
        department_id uuid NOT NULL,
        effective_on date NOT NULL,
        due_on date NOT NULL,
        cause text NOT NULL,
        status text NOT NULL,
        briefing_id uuid,
        settled_on date,
        updated_at timestamptz NOT NULL
    );
    CREATE INDEX IF NOT EXISTS briefing_due_person ON briefing_due_list (person_id);
    """,
)


def _commitment(conn: Conn, e: Any, sets: str, params: tuple[Any, ...] = ()) -> None:
    conn.execute(
        f"UPDATE commitment_list SET {sets}, updated_at = %s WHERE id = %s",
        (*params, e.timestamp, e.originator_id),
    )


@duties.on(Commitment.Opened)
def on_opened(conn: Conn, e: Any, _: int) -> None:
    conn.execute(
        "INSERT INTO commitment_list (person_id, id, department_id, status, updated_at) "
        "VALUES (%s, %s, %s, 'required', %s)",
        (e.person_id, e.originator_id, e.department_id, e.timestamp),
    )


@duties.on(Commitment.Generated)
def on_generated(conn: Conn, e: Any, _: int) -> None:
    c = e.content
    _commitment(
        conn, e,
        "status = 'awaiting_signature', version = %s, rank = %s, recipient = %s, digest = %s, "
        "generated_on = %s, department_id = %s, signed_on = NULL, signed_by = NULL, "
        "received_on = NULL, publicity_start = NULL, publicity_end = NULL, owed_cause = NULL, "
        "owed_reason = NULL, renew_by = NULL",
        (e.version, c["rank"], Jsonb(_json(c["recipient"])), e.digest, e.generated_on,
         e.department_id),
    )  # fmt: skip
    person = c["person"]["id"]
    conn.execute("DELETE FROM commitment_items WHERE person_id = %s", (person,))
    for item in c["items"]:
        conn.execute(
            "INSERT INTO commitment_items (person_id, risk_point_id, point_version) "
            "VALUES (%s, %s, %s)",
            (person, item["risk_point_id"], item["version"]),
        )


@duties.on(Commitment.Signed)
def on_signed(conn: Conn, e: Any, _: int) -> None:
    _commitment(
        conn, e,
        "status = 'signed', signed_on = %s, signed_by = %s, valid_until = %s, owed_cause = NULL, "
        "owed_reason = NULL, renew_by = NULL, renewal_noticed = false",
        (e.signed_on, e.signer, e.valid_until),
    )  # fmt: skip


@duties.on(Commitment.Received)
def on_received(conn: Conn, e: Any, _: int) -> None:
    _commitment(conn, e, "received_on = %s", (e.received_on,))


@duties.on(Commitment.Publicised)
def on_publicised(conn: Conn, e: Any, _: int) -> None:
    _commitment(conn, e, "publicity_start = %s, publicity_end = %s", (e.start_on, e.end_on))


@duties.on(Commitment.WentStale)
def on_stale(conn: Conn, e: Any, _: int) -> None:
    status = "stale" if e.version else "required"
    _commitment(
        conn, e,
        "status = %s, owed_cause = %s, owed_reason = %s, renew_by = %s, department_id = %s",
        (status, e.cause, e.reason, e.renew_by, e.route["department_id"]),
    )  # fmt: skip


@duties.on(Commitment.RenewalDue)
def on_renewal_due(conn: Conn, e: Any, _: int) -> None:
    _commitment(conn, e, "renewal_noticed = true")


def commitments_to_mind(conn: Conn, today: Any, notice_days: int) -> list[Any]:
    """Persons whose signed commitment has run out, or runs out within the notice and was
    not announced yet."""
    rows = conn.execute(
        "SELECT person_id FROM commitment_list WHERE status = 'signed' AND (valid_until <= %s "
        "OR (valid_until <= %s + %s AND NOT renewal_noticed)) ORDER BY valid_until",
        (today, today, notice_days),
    ).fetchall()
    return [r["person_id"] for r in rows]
