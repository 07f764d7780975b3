"""Replica tables of the organisation's people and of review's risk points."""

from __future__ import annotations

from lianfang_shared import replica

TABLES = (
    replica.TABLES
    + """
CREATE TABLE IF NOT EXISTS persons (
    id uuid PRIMARY KEY,
    staff_no text NOT NULL DEFAULT '',
    name text NOT NULL DEFAULT '',
    rank text NOT NULL DEFAULT 'staff',
    left_on date
);
CREATE INDEX IF NOT EXISTS persons_staff_no ON persons (staff_no);
CREATE TABLE IF NOT EXISTS appointments (
    person_id uuid NOT NULL,
    post_id uuid NOT NULL,
    department_id uuid NOT NULL,
    start_on date NOT NULL,
    end_on date,
    PRIMARY KEY (person_id, post_id, start_on)
);
CREATE TABLE IF NOT EXISTS leaders_in_charge (
    person_id uuid NOT NULL,
    department_id uuid NOT NULL,
    PRIMARY KEY (person_id, department_id)
);
CREATE TABLE IF NOT EXISTS risk_points (
    id uuid PRIMARY KEY,
    department_id uuid,
    person_id uuid,
    scope text NOT NULL DEFAULT '',
    category text NOT NULL DEFAULT '',
    description text NOT NULL DEFAULT '',
    grade text,
    merged_into uuid
);
"""
)
