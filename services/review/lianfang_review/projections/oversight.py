"""The read model of oversight: published lists, inspections and their findings, assessments."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from lianfang_review.domain.assessment import Assessment
from lianfang_review.domain.inspection import Inspection
from lianfang_review.domain.publication import Publication
from lianfang_review.projections.points import _json
from lianfang_shared.persistence import event_metadata
from lianfang_shared.projection import Projection

Conn = psycopg.Connection[Any]
OVERSIGHT_PROJECTION = "oversight"

oversight = Projection(
    OVERSIGHT_PROJECTION,
    """
    CREATE TABLE IF NOT EXISTS publication_list (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        department_id uuid,
        version int NOT NULL,
        title text NOT NULL,
        published_on date NOT NULL,
        published_by text NOT NULL,
        row_count int NOT NULL,
        digest text NOT NULL,
        note text NOT NULL
    );
    CREATE TABLE IF NOT EXISTS inspection_list (
        id uuid PRIMARY KEY,
        department_id uuid NOT NULL,
        year int NOT NULL,
        quarter int NOT NULL,
        due_on date NOT NULL,
        status text NOT NULL,
        completed_on date,
        figures jsonb,
        summary text NOT NULL DEFAULT '',
        planned_by text NOT NULL
    );
    CREATE TABLE IF NOT EXISTS finding_list (
        id uuid PRIMARY KEY,
        inspection_id uuid NOT NULL,
        department_id uuid NOT NULL,
        seq bigint NOT NULL,
        item text NOT NULL,
        description text NOT NULL,
        severity text NOT NULL,
        owner_person_id uuid NOT NULL,
        due_on date NOT NULL,
        closed_on date,
        close_note text NOT NULL DEFAULT ''
    );
    CREATE INDEX IF NOT EXISTS finding_list_department ON finding_list (department_id);
    CREATE TABLE IF NOT EXISTS assessment_list (
        id uuid PRIMARY KEY,
        department_id uuid NOT NULL,
        year int NOT NULL,
        computed_score double precision,
        score double precision,
        model_version int,
        rows jsonb,
        adjusted boolean NOT NULL DEFAULT false,
        adjust_reason text NOT NULL DEFAULT '',
        updated_at timestamptz NOT NULL
    );
    """,
)


@oversight.on(Publication.Published)
def on_published(conn: Conn, e: Any, _: int) -> None:
    conn.execute(
        "INSERT INTO publication_list (id, kind, department_id, version, title, published_on, "
        "published_by, row_count, digest, note) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (
            e.originator_id, e.kind, e.department_id, e.version, e.title, e.published_on,
            event_metadata(e).get("actor", "system"), len(e.rows), e.digest, e.note,
        ),
    )  # fmt: skip


@oversight.on(Inspection.Planned)
def on_planned(conn: Conn, e: Any, _: int) -> None:
    conn.execute(
        "INSERT INTO inspection_list (id, department_id, year, quarter, due_on, status, "
        "planned_by) VALUES (%s, %s, %s, %s, %s, 'planned', %s)",
        (e.originator_id, e.department_id, e.year, e.quarter, e.due_on,
         event_metadata(e).get("actor", "system")),
    )  # fmt: skip


@oversight.on(Inspection.FindingRecorded)
def on_finding(conn: Conn, e: Any, position: int) -> None:
    f = e.finding
    conn.execute(
        "INSERT INTO finding_list (id, inspection_id, department_id, seq, item, description, "
        "severity, owner_person_id, due_on) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (f["id"], e.originator_id, e.department_id, position, f["item"], f["description"],
         f["severity"], f["owner_person_id"], f["due_on"]),
    )  # fmt: skip


@oversight.on(Inspection.FindingClosed)
def on_finding_closed(conn: Conn, e: Any, _: int) -> None:
    conn.execute(
        "UPDATE finding_list SET closed_on = %s, close_note = %s WHERE id = %s",
        (e.closed_on, e.note, e.finding_id),
    )


@oversight.on(Inspection.Completed)
def on_completed(conn: Conn, e: Any, _: int) -> None:
    conn.execute(
        "UPDATE inspection_list SET status = 'completed', completed_on = %s, figures = %s, "
        "summary = %s WHERE id = %s",
        (e.completed_on, Jsonb(_json(e.figures)), e.summary, e.originator_id),
    )


@oversight.on(Assessment.Opened)
def on_assessment_opened(conn: Conn, e: Any, _: int) -> None:
    conn.execute(
        "INSERT INTO assessment_list (id, department_id, year, updated_at) VALUES (%s, %s, %s, %s)",
        (e.originator_id, e.department_id, e.year, e.timestamp),
    )


@oversight.on(Assessment.Assessed)
def on_assessed(conn: Conn, e: Any, _: int) -> None:
    conn.execute(
        "UPDATE assessment_list SET computed_score = %s, score = %s, model_version = %s, "
        "rows = %s, adjusted = false, adjust_reason = '', updated_at = %s WHERE id = %s",
        (e.score, e.score, e.model_version, Jsonb(_json(e.rows)), e.timestamp, e.originator_id),
    )


@oversight.on(Assessment.Adjusted)
def on_adjusted(conn: Conn, e: Any, _: int) -> None:
    conn.execute(
        "UPDATE assessment_list SET score = %s, adjusted = true, adjust_reason = %s, "
        "updated_at = %s WHERE id = %s",
        (e.to_score, e.reason, e.timestamp, e.originator_id),
    )
