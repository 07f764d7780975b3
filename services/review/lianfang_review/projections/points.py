"""The risk-point read model: the current state of every point and its measures."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from lianfang_review.domain.measures import MeasureHolder
from lianfang_review.domain.risk_point import RiskPoint
from lianfang_shared.persistence import event_metadata
from lianfang_shared.projection import Projection

Conn = psycopg.Connection[Any]
POINTS_PROJECTION = "risk_points"

points = Projection(
    POINTS_PROJECTION,
    """
    CREATE TABLE IF NOT EXISTS risk_point_list (
        id uuid PRIMARY KEY,
        scope text NOT NULL,
        category text NOT NULL,
        description text NOT NULL,
        department_id uuid,
        post_id uuid,
        person_id uuid,
        power_id uuid,
        step_id uuid,
        status text NOT NULL,
        assessment jsonb,
        proposed_grade text,
        grade text,
        grade_reason text NOT NULL DEFAULT '',
        route jsonb,
        approver_role text,
        approved_version int,
        decided_at timestamptz,
        decided_by text,
        decision_comment text NOT NULL DEFAULT '',
        meeting_id uuid,
        needs_re_review boolean NOT NULL DEFAULT false,
        merged_into uuid,
        merged_from uuid[] NOT NULL DEFAULT '{}',
        proposed_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version int NOT NULL
    );
    CREATE INDEX IF NOT EXISTS risk_point_list_department ON risk_point_list (department_id);
    CREATE INDEX IF NOT EXISTS risk_point_list_power ON risk_point_list (power_id);
    CREATE INDEX IF NOT EXISTS risk_point_list_person ON risk_point_list (person_id);
    CREATE INDEX IF NOT EXISTS risk_point_list_step ON risk_point_list (step_id);
    CREATE TABLE IF NOT EXISTS risk_point_measures (
        id uuid PRIMARY KEY,
        risk_point_id uuid NOT NULL,
        seq bigint NOT NULL,
        text text NOT NULL,
        type text NOT NULL,
        stage text NOT NULL,
        responsible_person_id uuid,
        due_on date,
        status text NOT NULL
    );
    CREATE INDEX IF NOT EXISTS risk_point_measures_point
        ON risk_point_measures (risk_point_id, seq);
    """,
)


def _touch(conn: Conn, e: Any, sets: str = "", params: tuple[Any, ...] = ()) -> None:
    """Update a point's row: ``sets`` plus its version and time."""
    head = f"{sets}, " if sets else ""
    conn.execute(
        f"UPDATE risk_point_list SET {head}version = %s, updated_at = %s WHERE id = %s",
        (*params, e.originator_version, e.timestamp, e.originator_id),
    )


@points.on(RiskPoint.Proposed)
def on_proposed(conn: Conn, e: Any, _: int) -> None:
    conn.execute(
        "INSERT INTO risk_point_list (id, scope, category, description, department_id, post_id, "
        "person_id, power_id, step_id, status, merged_from, proposed_at, updated_at, version) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, 'draft', %s, %s, %s, %s)",
        (
            e.originator_id, e.scope, e.category, e.description, e.department_id, e.post_id,
            e.person_id, e.power_id, e.step_id, list(e.merged_from), e.timestamp, e.timestamp,
            e.originator_version,
        ),
    )  # fmt: skip


@points.on(RiskPoint.Changed)
def on_changed(conn: Conn, e: Any, _: int) -> None:
    _touch(
        conn,
        e,
        "description = %s, category = %s, power_id = %s, step_id = %s",
        (e.description, e.category, e.power_id, e.step_id),
    )


@points.on(RiskPoint.SelfAssessed)
def on_self_assessed(conn: Conn, e: Any, _: int) -> None:
    assessment = {
        "factors": e.factors,
        "proposed_grade": e.proposed_grade,
        "suggested_grade": e.suggested_grade,
        "score": e.score,
        "model_version": e.model_version,
        "note": e.note,
    }
    _touch(conn, e, "assessment = %s, proposed_grade = %s", (Jsonb(assessment), e.proposed_grade))


@points.on(RiskPoint.GradeDecided)
def on_grade_decided(conn: Conn, e: Any, _: int) -> None:
    _touch(conn, e, "grade = %s, grade_reason = %s", (e.to_grade, e.reason))


@points.on(RiskPoint.Submitted)
def on_submitted(conn: Conn, e: Any, _: int) -> None:
    _touch(
        conn,
        e,
        "status = 'submitted', route = %s, approver_role = %s, needs_re_review = false",
        (Jsonb(_json(e.route)), e.route["role"]),
    )


def _decided(conn: Conn, e: Any, status: str, approved_version: int | None) -> None:
    _touch(
        conn,
        e,
        "status = %s, approved_version = COALESCE(%s, approved_version), decided_at = %s, "
        "decided_by = %s, decision_comment = %s, meeting_id = %s",
        (
            status, approved_version, e.timestamp, event_metadata(e).get("actor", "system"),
            e.comment, e.meeting_id,
        ),
    )  # fmt: skip


@points.on(RiskPoint.Approved)
def on_approved(conn: Conn, e: Any, _: int) -> None:
    _decided(conn, e, "approved", e.approved_version)


@points.on(RiskPoint.Returned)
def on_returned(conn: Conn, e: Any, _: int) -> None:
    _decided(conn, e, "returned", None)


@points.on(RiskPoint.Reopened)
def on_reopened(conn: Conn, e: Any, _: int) -> None:
    _touch(conn, e, "status = 'reopened'")


@points.on(RiskPoint.NeedsReReview)
def on_needs_re_review(conn: Conn, e: Any, _: int) -> None:
    _touch(conn, e, "needs_re_review = true")


@points.on(RiskPoint.Merged)
def on_merged(conn: Conn, e: Any, _: int) -> None:
    _touch(conn, e, "status = 'merged', merged_into = %s", (e.into,))


@points.on(MeasureHolder.MeasureAdded)
def on_measure_added(conn: Conn, e: Any, position: int) -> None:
    m = e.measure
    conn.execute(
        "INSERT INTO risk_point_measures (id, risk_point_id, seq, text, type, stage, "
        "responsible_person_id, due_on, status) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (
            m["id"], e.originator_id, position, m["text"], m["type"], m["stage"],
            m["responsible_person_id"], m["due_on"], m["status"],
        ),
    )  # fmt: skip
    _touch(conn, e)


@points.on(MeasureHolder.MeasureChanged)
def on_measure_changed(conn: Conn, e: Any, _: int) -> None:
    m = e.measure
    conn.execute(
        "UPDATE risk_point_measures SET text = %s, type = %s, stage = %s, "
        "responsible_person_id = %s, due_on = %s, status = %s WHERE id = %s",
        (
            m["text"], m["type"], m["stage"], m["responsible_person_id"], m["due_on"],
            m["status"], m["id"],
        ),
    )  # fmt: skip
    _touch(conn, e)


@points.on(MeasureHolder.MeasureRemoved)
def on_measure_removed(conn: Conn, e: Any, _: int) -> None:
    conn.execute("DELETE FROM risk_point_measures WHERE id = %s", (e.measure["id"],))
    _touch(conn, e)


def _json(value: Any) -> Any:
    """UUIDs (and nested ones) as strings, for jsonb."""
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)
