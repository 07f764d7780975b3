"""The casework read model: one projection, so that cases and their warnings never disagree."""

from __future__ import annotations

from lianfang_shared.projection import Projection

casework = Projection(
    "casework",
    """
    CREATE TABLE IF NOT EXISTS case_list (
        id uuid PRIMARY KEY,
        case_no text NOT NULL UNIQUE,
        title text NOT NULL,
        state text NOT NULL,
        opened_at timestamptz NOT NULL,
        opened_by text NOT NULL,
        assignees text[] NOT NULL,
        severity text,
        decision text,
        suggested_severity text,
        reasoning text NOT NULL DEFAULT '',
        risk_point_ids uuid[] NOT NULL DEFAULT '{}',
        assessed_at timestamptz,
        assessed_by text,
        merged_into uuid,
        closed_at timestamptz,
        outcome text NOT NULL DEFAULT '',
        closing_summary text NOT NULL DEFAULT '',
        version int NOT NULL
    );
    CREATE TABLE IF NOT EXISTS signal_list (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        channel text NOT NULL,
        received_on date NOT NULL,
        summary text NOT NULL,
        content text NOT NULL,
        source_ref text NOT NULL,
        department_ids uuid[] NOT NULL,
        person_ids uuid[] NOT NULL,
        risk_point_ids uuid[] NOT NULL,
        attachments jsonb NOT NULL,
        has_identity boolean NOT NULL,
        identity_reads int NOT NULL DEFAULT 0,
        recorded_at timestamptz NOT NULL,
        recorded_by text NOT NULL
    );
    CREATE INDEX IF NOT EXISTS signal_list_case ON signal_list (case_id);
    CREATE INDEX IF NOT EXISTS signal_list_received ON signal_list (received_on);
    CREATE TABLE IF NOT EXISTS warning_list (
        id uuid PRIMARY KEY,
        warning_no text NOT NULL,
        case_id uuid NOT NULL,
        department_id uuid NOT NULL,
        person_ids uuid[] NOT NULL,
        severity text NOT NULL,
        summary text NOT NULL,
        content text NOT NULL,
        requirements text NOT NULL,
        risk_point_ids uuid[] NOT NULL,
        authority text NOT NULL,
        state text NOT NULL,
        issued_at timestamptz NOT NULL,
        issued_by text NOT NULL,
        respond_by date NOT NULL,
        rectify_by date NOT NULL,
        acknowledged_at timestamptz,
        responsible_person_id uuid,
        acknowledgement_note text NOT NULL DEFAULT '',
        record jsonb,
        submitted_at timestamptz,
        rounds int NOT NULL DEFAULT 0,
        evaluations jsonb NOT NULL DEFAULT '[]',
        accepted_at timestamptz,
        withdrawn_reason text NOT NULL DEFAULT '',
        closed_at timestamptz,
        overdue jsonb NOT NULL DEFAULT '[]',
        extensions jsonb NOT NULL DEFAULT '[]',
        version int NOT NULL
    );
    CREATE INDEX IF NOT EXISTS warning_list_case ON warning_list (case_id);
    CREATE INDEX IF NOT EXISTS warning_list_department ON warning_list (department_id);
    CREATE TABLE IF NOT EXISTS warning_actions (
        id uuid PRIMARY KEY,
        warning_id uuid NOT NULL,
        description text NOT NULL,
        done_on date NOT NULL,
        evidence jsonb NOT NULL,
        recorded_at timestamptz NOT NULL,
        recorded_by text NOT NULL
    );
    CREATE TABLE IF NOT EXISTS warning_measures (
        id uuid PRIMARY KEY,
        warning_id uuid NOT NULL,
        department_id uuid NOT NULL,
        measure text NOT NULL,
        person_id uuid,
        reason text NOT NULL,
        applied_on date NOT NULL,
        conducted_by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        recorded_by text NOT NULL
    );
    """,
)
