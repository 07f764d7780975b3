"""Commitment letters: the template rendered with a version's content, in a language.

Templates run in jinja2's sandbox with undefined names refused, so a template the office
publishes either renders every commitment or is refused when published.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from lianfang_review.domain.errors import BadTemplate
from lianfang_review.domain.terms import term
from lianfang_review.domain.vocab import COMMON, label, measure_type_label, rank_label
from lianfang_shared.i18n import Locale

ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
SEP = {"zh-Hans": "、", "zh-Hant": "、", "en": ", "}


def recipient_text(recipient: dict[str, Any], locale: Locale) -> str:
    """Whom the commitment is made to, in words: 物资供应部部门领导班子, 分管厂领导王建国..."""
    role = term(recipient["role"], locale)
    names = SEP[locale].join(recipient.get("person_names") or [])
    dept = recipient.get("department_name")
    if recipient["role"] == "department_leadership" and dept:
        leadership = term("leadership", locale)
        return f"the leadership of {dept}" if locale == "en" else f"{dept}{leadership}"
    return f"{role} {names}".strip() if locale == "en" else f"{role}{names}"


def _item(item: dict[str, Any], locale: Locale) -> dict[str, Any]:
    return {
        "description": item["description"],
        "scope": label(item["scope"], locale),
        "category": label(item["category"], locale),
        "grade": label(item["grade"], locale),
        "measures": [
            {"text": m["text"], "type": measure_type_label(m["type"], locale),
             "stage": label(m["stage"], locale)}
            for m in item["measures"]
        ],
    }  # fmt: skip


def context(version: dict[str, Any], template: dict[str, Any], locale: Locale) -> dict[str, Any]:
    """The names a template may use, for one version of a commitment."""
    posts = [f"{p.get('department_name') or ''}{p['post_name']}" for p in version["posts"]]
    if locale == "en":
        posts = [f"{p['post_name']} ({p.get('department_name') or ''})" for p in version["posts"]]
    signed = (version.get("signed") or {}).get("on")
    items = version["items"]
    return {
        "title": template["title"].get(locale) or template["title"]["zh-Hans"],
        "person": {"name": version["person"]["name"], "staff_no": version["person"]["staff_no"]},
        "rank": rank_label(version["rank"], locale),
        "posts": SEP[locale].join(posts) or rank_label(version["rank"], locale),
        "recipient": recipient_text(version["recipient"], locale),
        "common_items": [_item(i, locale) for i in items if i["scope"] in COMMON],
        "own_items": [_item(i, locale) for i in items if i["scope"] not in COMMON],
        "version": version["version"],
        "template_version": version["template_version"],
        "digest": version["digest"],
        "signed_on": signed.isoformat() if isinstance(signed, date) else signed,
    }


def render(version: dict[str, Any], template: dict[str, Any], locale: Locale) -> str:
    """The letter as Markdown text."""
    body = template["body"].get(locale) or template["body"]["zh-Hans"]
    return ENV.from_string(body).render(context(version, template, locale))


SAMPLE: dict[str, Any] = {
    "person": {"id": UUID(int=1), "name": "张伟", "staff_no": "1002"},
    "rank": "key_post",
    "posts": [{"post_id": UUID(int=2), "post_name": "采购员", "department_name": "物资供应部"}],
    "recipient": {"role": "department_leadership", "department_name": "物资供应部",
                  "person_names": []},
    "items": [
        {"scope": "common_factory", "category": "ideology", "description": "示例共性风险",
         "grade": "medium", "measures": [{"text": "示例措施", "type": "education",
                                          "stage": "prevention"}]},
        {"scope": "post", "category": "post_duty", "description": "示例岗位风险",
         "grade": "high", "measures": []},
    ],
    "version": 1, "template_version": 1, "digest": "0" * 64, "signed": None,
}  # fmt: skip


def check_template(title: dict[str, str], body: dict[str, str]) -> None:
    """Refuse (BadTemplate) a template that does not render a sample commitment in every
    language it has; Simplified Chinese is required."""
    if "zh-Hans" not in title or "zh-Hans" not in body:
        raise BadTemplate("the template needs a Simplified Chinese (zh-Hans) title and body")
    template = {"title": title, "body": body}
    for locale in body:
        try:
            render(SAMPLE, template, locale)  # type: ignore[arg-type]
        except (TemplateError, TypeError, ValueError) as e:
            raise BadTemplate(f"the {locale} template does not render: {e}") from None
