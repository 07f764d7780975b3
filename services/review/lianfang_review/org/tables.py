"""Tables of review's copy of the organisation (kept by ``org/replica.py``)."""

from __future__ import annotations

TABLES = """
CREATE TABLE IF NOT EXISTS org_posts (
    id uuid PRIMARY KEY,
    department_id uuid,
    code text NOT NULL DEFAULT '',
    name text NOT NULL DEFAULT '',
    key_post boolean NOT NULL DEFAULT false,
    source_position bigint NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS org_persons (
    id uuid PRIMARY KEY,
    staff_no text NOT NULL DEFAULT '',
    name text NOT NULL DEFAULT '',
    rank text,
    rank_position bigint NOT NULL DEFAULT 0,
    left_on date
);
CREATE TABLE IF NOT EXISTS org_appointments (
    person_id uuid NOT NULL,
    post_id uuid NOT NULL,
    department_id uuid NOT NULL,
    start_on date NOT NULL,
    end_on date,
    PRIMARY KEY (person_id, post_id, start_on)
);
CREATE INDEX IF NOT EXISTS org_appointments_department ON org_appointments (department_id);
CREATE TABLE IF NOT EXISTS org_in_charge (
    person_id uuid PRIMARY KEY,
    department_ids uuid[] NOT NULL,
    source_position bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS org_powers (
    id uuid PRIMARY KEY,
    department_id uuid,
    code text NOT NULL DEFAULT '',
    name text NOT NULL DEFAULT '',
    category text NOT NULL DEFAULT '',
    status text NOT NULL DEFAULT 'draft',
    revision int NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS org_steps (
    id uuid PRIMARY KEY,
    power_id uuid NOT NULL,
    name text NOT NULL,
    post_id uuid,
    removed boolean NOT NULL DEFAULT false,
    source_position bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS org_steps_power ON org_steps (power_id);
CREATE TABLE IF NOT EXISTS org_responsibilities (
    id uuid PRIMARY KEY,
    power_id uuid NOT NULL,
    description text NOT NULL,
    post_id uuid,
    seq bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS org_responsibilities_power ON org_responsibilities (power_id);
"""
