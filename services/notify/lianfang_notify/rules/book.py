"""The rules in force: the shipped defaults overlaid by the admins' rules (table ``rules``).

A stored rule with a default's id replaces that default (e.g. to disable it); deleting it
brings the default back. Every rule is checked against its template before it is stored.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from lianfang_notify.errors import (
    DefaultCannotBeDeleted,
    InvalidRule,
    InvalidTemplate,
    RuleNotFound,
)
from lianfang_notify.rules.defaults import DEFAULTS
from lianfang_notify.rules.model import Rule, RuleRecord
from lianfang_notify.templates.defaults import SYSTEM
from lianfang_notify.templates.render import Template

Conn = psycopg.Connection[Any]


def load(conn: Conn) -> dict[str, RuleRecord]:
    """Every rule in force, by id (disabled ones included)."""
    rules = dict(DEFAULTS)
    for row in conn.execute("SELECT id, body FROM rules ORDER BY id").fetchall():
        source = "customised" if row["id"] in DEFAULTS else "custom"
        rules[row["id"]] = RuleRecord.model_validate(
            {**row["body"], "id": row["id"], "source": source}
        )
    return rules


def get(conn: Conn, rule_id: str) -> RuleRecord:
    """One rule in force; RuleNotFound if none has the id."""
    try:
        return load(conn)[rule_id]
    except KeyError:
        raise RuleNotFound(f"no rule {rule_id!r}") from None


def check(rule: Rule, templates: dict[str, Template]) -> None:
    """Refuse a rule whose template is missing or uses names the rule does not provide."""
    if rule.template is None:
        return
    template = templates.get(rule.template)
    if template is None:
        raise InvalidRule(f"no template {rule.template!r}")
    if rule.template in SYSTEM:
        raise InvalidRule(f"{rule.template!r} is for reminders and digests, not for a rule")
    missing = template.names - rule.names
    if missing:
        raise InvalidRule(
            f"template {rule.template!r} uses {sorted(missing)}, which the rule does not "
            "provide: add them to its fields, departments or persons"
        )


def check_template(key: str, template: Template, rules: dict[str, RuleRecord]) -> None:
    """Refuse a template that uses names some rule using it (or the scheduler) lacks."""
    if key in SYSTEM and template.names - SYSTEM[key]:
        raise InvalidTemplate(f"{key!r} may use only {sorted(SYSTEM[key])}")
    for rule in rules.values():
        if rule.template == key and (missing := template.names - rule.names):
            raise InvalidTemplate(
                f"rule {rule.id!r} uses this template and does not provide {sorted(missing)}"
            )


def save(conn: Conn, rule_id: str, rule: Rule, templates: dict[str, Template], actor: str) -> None:
    """Store a rule after checking it against its template."""
    check(rule, templates)
    conn.execute(
        "INSERT INTO rules (id, body, updated_by) VALUES (%s, %s, %s) ON CONFLICT (id) DO UPDATE "
        "SET body = EXCLUDED.body, updated_by = EXCLUDED.updated_by, updated_at = now()",
        (rule_id, Jsonb(rule.model_dump(mode="json")), actor),
    )


def delete(conn: Conn, rule_id: str) -> None:
    """Delete an admin's rule (a customised default reverts to the shipped one)."""
    row = conn.execute("DELETE FROM rules WHERE id = %s RETURNING id", (rule_id,)).fetchone()
    if row is None:
        if rule_id in DEFAULTS:
            raise DefaultCannotBeDeleted(f"{rule_id!r} is a default: disable it instead")
        raise RuleNotFound(f"no rule {rule_id!r}")
