"""Rules, templates, signatures and schedules, in memory."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime, time, timedelta
from typing import get_args
from urllib.parse import unquote_plus

import pytest
from pydantic import BaseModel, ValidationError

from lianfang_notify.channels.webhooks import dingtalk_sign, feishu_sign, lianfang_sign
from lianfang_notify.config import NotifySettings
from lianfang_notify.routing.data import deadline, ids, iso_duration, keep
from lianfang_notify.rules import book
from lianfang_notify.rules.defaults import DEFAULTS
from lianfang_notify.rules.model import Rule
from lianfang_notify.templates.book import DEFAULTS as TEMPLATES
from lianfang_notify.templates.render import render
from lianfang_notify.workers.scheduler import last_digest_cutoff
from lianfang_shared.contracts import all_contracts

pytestmark = pytest.mark.unit
ZONE = NotifySettings().zone


def sample(rule: Rule) -> dict[str, object]:
    """A context with every name the rule provides, as a plausible value."""
    values: dict[str, object] = {name: "2026-06-30" for name in ("due_on", "renew_by")}
    context: dict[str, object] = {}
    for path in rule.fields:
        *parents, last = path.split(".")
        node = context
        for part in parents:
            node = node.setdefault(part, {})  # type: ignore[assignment]
        node[last] = values.get(last, "high")  # type: ignore[index]
    for name in [*rule.departments, *rule.persons, *rule.recall]:
        context[name] = "某某"
    return context


@pytest.mark.parametrize("rule_id", sorted(DEFAULTS))
def test_every_default_rule_renders_in_every_language(rule_id: str) -> None:
    rule = DEFAULTS[rule_id]
    book.check(rule, TEMPLATES)
    if rule.template is None:
        assert rule.remember and not rule.notify
        return
    for locale in ("zh-Hans", "zh-Hant", "en"):
        text = render(TEMPLATES[rule.template], locale, sample(rule), ZONE)
        assert text.title and "None" not in text.title + text.body


def test_reminders_escalations_and_digest_render() -> None:
    context = {"notice": "廉洁风险预警（高）", "due_at": "2026-06-30T10:00:00+00:00", "level": 2}
    assert render(TEMPLATES["reminder"], "zh-Hans", context, ZONE).body == (
        "截止时间：2026年6月30日 18:00，请按时办理。"
    )
    assert "level 2" in render(TEMPLATES["escalation"], "en", context, ZONE).body
    digest = {"day": "2026-06-30", "count": 2, "items": ["a", "b"], "portal_url": ""}
    text = render(TEMPLATES["digest"], "zh-Hant", digest, ZONE)
    assert (text.title, text.body) == ("廉防每日摘要（2026年6月30日，共 2 條）", "· a\n· b")


def test_a_rule_keeps_only_the_fields_it_names() -> None:
    body = {"summary": "s", "owner": {"department_id": "D", "secret": "x"}, "reporter": "r"}
    assert keep(body, ["summary", "owner.department_id", "missing"]) == {
        "summary": "s",
        "owner": {"department_id": "D"},
        "missing": None,
    }
    assert ids({"ids": ["A", None, ""], "one": "B"}, "ids") == ["a"]


def test_rules_are_checked() -> None:
    good = {"event_type": "lianfang.x.y.z", "recipients": [{"kind": "role", "role": "office"}]}
    with pytest.raises(ValidationError, match="needs a template"):
        Rule.model_validate(good)
    with pytest.raises(ValidationError, match="needs recipients"):
        Rule.model_validate({**good, "recipients": [], "template": "t"})
    with pytest.raises(ValidationError, match="must be positive"):
        Rule.model_validate(
            {
                **good,
                "template": "t",
                "deadlines": [{"name": "d", "field": "f", "remind_before": ["PT0S"]}],
            }
        )
    rule = Rule.model_validate(
        {**good, "template": "t", "when": {"approver.role": ["leader_in_charge"]}}
    )
    assert rule.matches({"approver": {"role": "leader_in_charge"}})
    assert not rule.matches({"approver": {"role": "party_committee"}})


def test_signatures_follow_the_robots_documentation() -> None:
    secret, ts = "SEC000000000000000000000", 1700000000000
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    sign = dingtalk_sign(secret, ts)
    assert unquote_plus(sign) == expected and "+" not in sign and "/" not in sign
    fs = feishu_sign("abc", 1700000000)
    assert (
        fs == base64.b64encode(hmac.new(b"1700000000\nabc", b"", hashlib.sha256).digest()).decode()
    )
    assert (
        lianfang_sign("k", 1, b"{}")
        == "sha256=" + hmac.new(b"k", b"1.{}", hashlib.sha256).hexdigest()
    )


def test_deadlines_and_digest_times_are_local() -> None:
    assert deadline("2026-06-30", ZONE, time(18)) == datetime(2026, 6, 30, 10, tzinfo=UTC)
    assert deadline("2026-06-30T09:00:00+00:00", ZONE, time(18)) == datetime(
        2026, 6, 30, 9, tzinfo=UTC
    )
    assert deadline("soon", ZONE, time(18)) is None
    assert iso_duration(timedelta(days=1)) == "P1D" and iso_duration(timedelta(hours=4)) == "PT4H"
    settings = NotifySettings()
    before = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # 07:30 on 1 July in Shanghai
    cutoff, day = last_digest_cutoff(before, settings)
    assert (cutoff.isoformat(), day.isoformat()) == ("2026-06-30T08:00:00+08:00", "2026-06-30")
    cutoff, day = last_digest_cutoff(before + timedelta(hours=1), settings)
    assert day.isoformat() == "2026-07-01"


def has_path(cls: type[BaseModel], path: str) -> bool:
    """True if a contract (a pydantic model) has the dotted field ``path``."""
    head, _, rest = path.partition(".")
    field = cls.model_fields.get(head)
    if field is None:
        return False
    if not rest:
        return True
    nested = [a for a in (field.annotation, *get_args(field.annotation)) if isinstance(a, type)]
    return any(issubclass(a, BaseModel) and has_path(a, rest) for a in nested)


def contract(event_type: str) -> type[BaseModel] | None:
    return all_contracts().get((event_type, 1))


@pytest.mark.parametrize("rule_id", sorted(DEFAULTS))
def test_default_rules_read_fields_their_contracts_have(rule_id: str) -> None:
    rule = DEFAULTS[rule_id]
    cls = contract(rule.event_type)
    assert cls is not None, f"{rule.event_type} is no published contract"
    paths = [*rule.fields, *rule.remember, *rule.when, *rule.departments.values()]
    paths += [*rule.persons.values(), *(r.field for r in rule.recipients if r.field)]
    for d in rule.deadlines:
        paths += [d.field, *d.key_fields]
        paths += [r.field for e in d.escalations for r in e.to if r.field]
        for closing in d.cancel_on:
            closer = contract(closing)
            assert closer is not None, f"{closing} is no published contract"
            assert all(has_path(closer, k) for k in d.key_fields), (closing, d.key_fields)
    missing = [p for p in paths if not has_path(cls, p)]
    assert not missing, f"{rule.event_type} has no {missing}"
