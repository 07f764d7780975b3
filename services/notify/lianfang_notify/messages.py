"""Notification texts by kind, in Simplified Chinese, Traditional Chinese and English."""

from __future__ import annotations

from typing import Any

from lianfang_shared.i18n import Locale, pick

MESSAGES: dict[str, dict[str, str]] = {
    "department_created": {
        "zh-Hans": "新部门已登记：{name}（{code}）",
        "zh-Hant": "新部門已登記：{name}（{code}）",
        "en": "New department registered: {name} ({code})",
    },
}


def render(kind: str, params: dict[str, Any], locale: Locale) -> str:
    """The text of a notification in ``locale``."""
    return pick(MESSAGES[kind], locale).format(**params)
