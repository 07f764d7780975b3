"""Shorthands for writing rules as data."""

from __future__ import annotations

INBOX_EMAIL = ["inbox", "email"]


def role(name: str) -> dict[str, str]:
    return {"kind": "role", "role": name}


def head(field: str) -> dict[str, str]:
    return {"kind": "department_head", "field": field}


def leader(field: str) -> dict[str, str]:
    return {"kind": "leader_in_charge", "field": field}


def person(field: str) -> dict[str, str]:
    return {"kind": "person", "field": field}
