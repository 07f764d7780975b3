"""The templates in force: the shipped ones, overridden or added by admins (table ``templates``)."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from lianfang_notify.errors import TemplateNotFound
from lianfang_notify.templates.defaults import TEMPLATES
from lianfang_notify.templates.render import Template

Conn = psycopg.Connection[Any]
DEFAULTS: dict[str, Template] = {
    key: Template.model_validate({"locales": texts}) for key, texts in TEMPLATES.items()
}


def load(conn: Conn) -> dict[str, Template]:
    """Every template in force, by key."""
    rows = conn.execute("SELECT key, body FROM templates").fetchall()
    return {**DEFAULTS, **{r["key"]: Template.model_validate(r["body"]) for r in rows}}


def sources(conn: Conn) -> dict[str, str]:
    """Where each template comes from: default, customised (a default overridden) or custom."""
    custom = {r["key"] for r in conn.execute("SELECT key FROM templates").fetchall()}
    found = {k: ("customised" if k in custom else "default") for k in DEFAULTS}
    return {**found, **{k: "custom" for k in custom - set(DEFAULTS)}}


def save(conn: Conn, key: str, template: Template, actor: str) -> None:
    """Store a template (a new one, or one replacing a default)."""
    conn.execute(
        "INSERT INTO templates (key, body, updated_by) VALUES (%s, %s, %s) "
        "ON CONFLICT (key) DO UPDATE SET body = EXCLUDED.body, updated_by = EXCLUDED.updated_by, "
        "updated_at = now()",
        (key, Jsonb(template.model_dump(mode="json")), actor),
    )


def delete(conn: Conn, key: str) -> bool:
    """Remove a stored template (a default comes back); False if none was stored."""
    row = conn.execute("DELETE FROM templates WHERE key = %s RETURNING key", (key,)).fetchone()
    return row is not None


def get(conn: Conn, key: str) -> Template:
    """One template in force; TemplateNotFound if none has the key."""
    try:
        return load(conn)[key]
    except KeyError:
        raise TemplateNotFound(f"no template {key!r}") from None
