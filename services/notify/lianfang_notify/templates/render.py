"""Rendering with jinja2's sandbox: only the names a message is given, nothing else.

Undefined names fail loudly (StrictUndefined) instead of printing blanks, and templates are
checked against the names their rules provide before they are stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from functools import lru_cache
from typing import Any

import jinja2
from jinja2 import StrictUndefined, meta, pass_context
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import BaseModel, ConfigDict, Field, model_validator

from lianfang_notify.errors import InvalidTemplate
from lianfang_notify.templates.labels import LABELS
from lianfang_shared.i18n import DEFAULT_LOCALE, Locale, pick


class Text(BaseModel):
    """A title (the one line a chat or inbox shows) and a body, in one language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1, max_length=500)
    body: str = Field("", max_length=5000)


class Template(BaseModel):
    """A message in each language; Simplified Chinese is required (the fallback)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    locales: dict[Locale, Text]

    @model_validator(mode="after")
    def _has_default(self) -> Template:
        if DEFAULT_LOCALE not in self.locales:
            raise ValueError(f"a template needs its {DEFAULT_LOCALE} text")
        for text in self.locales.values():
            names(text.title)
            names(text.body)
        return self

    def text(self, locale: Locale) -> Text:
        """The text in ``locale`` (Simplified Chinese if it has none)."""
        return self.locales.get(locale) or self.locales[DEFAULT_LOCALE]

    @property
    def names(self) -> set[str]:
        """Every name the template uses."""
        return set().union(*(names(t.title) | names(t.body) for t in self.locales.values()))


@dataclass(frozen=True)
class Rendered:
    title: str
    body: str


_DATE_FORMATS = {"zh-Hans": "%Y年%-m月%-d日", "zh-Hant": "%Y年%-m月%-d日", "en": "%-d %b %Y"}


@pass_context
def _dt(ctx: Context, value: Any) -> str:
    """A date or date-time (ISO text or object) in the local zone and the message's language."""
    if value in (None, ""):
        return ""
    locale, zone = ctx.get("_locale", DEFAULT_LOCALE), ctx["_zone"]
    moment: date | datetime
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return str(value)
    day_only = (isinstance(value, str) and len(value) == 10) or not isinstance(moment, datetime)
    fmt = _DATE_FORMATS.get(locale, _DATE_FORMATS["en"])
    if day_only:
        return moment.strftime(fmt)
    assert isinstance(moment, datetime)
    local = moment.astimezone(zone) if moment.tzinfo else moment
    return local.strftime(fmt + (" %H:%M" if locale != "en" else ", %H:%M"))


@pass_context
def _label(ctx: Context, value: Any) -> str:
    """Words for a code (a grade, a role, a measure...), or the code itself."""
    texts = LABELS.get(str(value))
    return pick(texts, ctx.get("_locale", DEFAULT_LOCALE)) if texts else str(value or "")


def _finalize(value: Any) -> Any:
    return "" if value is None else value


ENV = ImmutableSandboxedEnvironment(
    undefined=StrictUndefined, autoescape=False, finalize=_finalize, keep_trailing_newline=False
)
ENV.filters["dt"] = _dt
ENV.filters["label"] = _label


@lru_cache(maxsize=1024)
def _compiled(source: str) -> jinja2.Template:
    return ENV.from_string(source)


@lru_cache(maxsize=1024)
def names(source: str) -> frozenset[str]:
    """The names a template text uses; InvalidTemplate if it does not compile."""
    try:
        return frozenset(meta.find_undeclared_variables(ENV.parse(source)))
    except jinja2.TemplateSyntaxError as e:
        raise InvalidTemplate(f"template does not compile (line {e.lineno}): {e.message}") from e


def render(template: Template, locale: Locale, context: dict[str, Any], zone: tzinfo) -> Rendered:
    """The message in ``locale``; raises jinja2 errors for names the context lacks."""
    text = template.text(locale)
    values = {**context, "_locale": locale, "_zone": zone}
    return Rendered(
        title=_compiled(text.title).render(values).strip()[:500],
        body=_compiled(text.body).render(values).strip()[:10000],
    )
