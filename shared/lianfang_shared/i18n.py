"""User-facing text: Simplified Chinese by default, Traditional Chinese and English available."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

Locale = Literal["zh-Hans", "zh-Hant", "en"]
DEFAULT_LOCALE: Locale = "zh-Hans"

_ALIASES: dict[str, Locale] = {
    "zh": "zh-Hans",
    "zh-cn": "zh-Hans",
    "zh-hans": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-mo": "zh-Hant",
    "zh-hant": "zh-Hant",
    "en": "en",
    "en-us": "en",
    "en-gb": "en",
}


def negotiate(accept_language: str | None) -> Locale:
    """Pick a locale from an Accept-Language header (or a ``lang`` value)."""
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag in _ALIASES:
            return _ALIASES[tag]
        if tag.split("-")[0] in _ALIASES:
            return _ALIASES[tag.split("-")[0]]
    return DEFAULT_LOCALE


def pick(texts: dict[str, str], locale: Locale) -> str:
    """The text in ``locale``, falling back to Simplified Chinese."""
    return texts.get(locale) or texts[DEFAULT_LOCALE]


def texts(hans: str, hant: str, en: str) -> dict[str, str]:
    """One text in each language, as ``pick`` takes it."""
    return {"zh-Hans": hans, "zh-Hant": hant, "en": en}


def label_of(labels: Mapping[str, dict[str, str]], value: object, locale: Locale) -> str:
    """The label of a code (an enum value) in ``labels`` for people: the code itself if it has
    none, and nothing for None. Each service's ``vocab.label`` is this on its own table."""
    if value is None:
        return ""
    found = labels.get(str(value))
    return pick(found, locale) if found else str(value)
