"""Review events → the risk-point replica (description, owner and current grade)."""

from __future__ import annotations

from typing import Any

import psycopg

from lianfang_shared.consumer import Consumer
from lianfang_shared.contracts import review as r
from lianfang_shared.envelope import Envelope

Conn = psycopg.Connection[Any]
_UPSERT = (
    "INSERT INTO risk_points (id, department_id, person_id, scope, category, description) "
    "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET "
    "department_id = EXCLUDED.department_id, person_id = EXCLUDED.person_id, "
    "scope = EXCLUDED.scope, category = EXCLUDED.category, description = EXCLUDED.description"
)


def when_described(conn: Conn, e: r.RiskPointProposed | r.RiskPointChanged, _: Envelope) -> None:
    o = e.owner
    conn.execute(
        _UPSERT, (e.risk_point_id, o.department_id, o.person_id, o.scope, e.category, e.description)
    )


def _grade(conn: Conn, e: r.RiskPointEvent, grade: str) -> None:
    o = e.owner
    conn.execute(
        "INSERT INTO risk_points (id, department_id, person_id, scope, grade) "
        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET grade = EXCLUDED.grade",
        (e.risk_point_id, o.department_id, o.person_id, o.scope, grade),
    )


def when_graded(conn: Conn, e: r.RiskPointGraded, _: Envelope) -> None:
    _grade(conn, e, e.grade)


def when_grade_changed(conn: Conn, e: r.RiskPointGradeChanged, _: Envelope) -> None:
    _grade(conn, e, e.to_grade)


def when_merged(conn: Conn, e: r.RiskPointMerged, _: Envelope) -> None:
    conn.execute("UPDATE risk_points SET merged_into = %s WHERE id = %s", (e.into, e.risk_point_id))


def register(consumer: Consumer) -> None:
    """Keep risk points and their current grades up to date from review events."""
    consumer.projects(r.RiskPointProposed)(when_described)
    consumer.projects(r.RiskPointChanged)(when_described)
    consumer.projects(r.RiskPointGraded)(when_graded)
    consumer.projects(r.RiskPointGradeChanged)(when_grade_changed)
    consumer.projects(r.RiskPointMerged)(when_merged)
