"""Rules and templates as data: read by the office, changed by admins, checked before stored."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, status

from lianfang_notify.api.deps import ADMIN, OPS, DbDep
from lianfang_notify.errors import TemplateNotFound
from lianfang_notify.rules import book as rules
from lianfang_notify.rules.model import Rule, RuleRecord
from lianfang_notify.templates import book as templates
from lianfang_notify.templates.render import Template
from lianfang_shared.auth import CurrentUser

router = APIRouter(tags=["rules"])
RuleId = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
Key = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]


class TemplateRead(Template):
    key: str
    source: str


@router.get("/rules", dependencies=[OPS])
def list_rules(db: DbDep, event_type: str | None = None) -> list[RuleRecord]:
    """Every rule in force (shipped defaults, customised defaults and custom rules)."""
    with db.transaction() as conn:
        found = rules.load(conn).values()
    return [r for r in found if event_type is None or r.event_type == event_type]


@router.get("/rules/{rule_id}", dependencies=[OPS])
def get_rule(db: DbDep, rule_id: RuleId) -> RuleRecord:
    """One rule."""
    with db.transaction() as conn:
        return rules.get(conn, rule_id)


@router.put("/rules/{rule_id}", dependencies=[ADMIN])
def put_rule(db: DbDep, user: CurrentUser, rule_id: RuleId, body: Rule) -> RuleRecord:
    """Add a rule, or replace one (a default's id customises that default, e.g. to disable it)."""
    with db.transaction() as conn:
        rules.save(conn, rule_id, body, templates.load(conn), user.user_id)
        return rules.get(conn, rule_id)


@router.delete("/rules/{rule_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=[ADMIN])
def delete_rule(db: DbDep, rule_id: RuleId) -> None:
    """Delete a custom rule, or bring a customised default back to the shipped one."""
    with db.transaction() as conn:
        rules.delete(conn, rule_id)


@router.get("/templates", dependencies=[OPS])
def list_templates(db: DbDep) -> list[TemplateRead]:
    """Every template in force, in each language."""
    with db.transaction() as conn:
        found, sources = templates.load(conn), templates.sources(conn)
    return [TemplateRead(key=k, source=sources[k], **t.model_dump()) for k, t in found.items()]


@router.put("/templates/{key}", dependencies=[ADMIN])
def put_template(db: DbDep, user: CurrentUser, key: Key, body: Template) -> TemplateRead:
    """Add or replace a template; refused if a rule using it lacks a name it uses."""
    with db.transaction() as conn:
        rules.check_template(key, body, rules.load(conn))
        templates.save(conn, key, body, user.user_id)
        source = templates.sources(conn)[key]
    return TemplateRead(key=key, source=source, **body.model_dump())


@router.delete("/templates/{key}", status_code=status.HTTP_204_NO_CONTENT, dependencies=[ADMIN])
def delete_template(db: DbDep, key: Key) -> None:
    """Delete an admin's template (a default comes back); refused while a rule needs it."""
    with db.transaction() as conn:
        if not templates.delete(conn, key):
            raise TemplateNotFound(f"no stored template {key!r}")
        remaining = templates.load(conn)
        for rule in rules.load(conn).values():
            if rule.template == key:
                rules.check(rule, remaining)  # raises, and the deletion is rolled back
