"""Why a row of an import was refused, in the caller's language."""

from __future__ import annotations

from typing import Any

from lianfang_registry.domain.catalogue import ImportRejected
from lianfang_registry.spreadsheets.layout import ANNEX1
from lianfang_shared import spreadsheets
from lianfang_shared.i18n import Locale

REASONS: dict[str, dict[str, str]] = {
    **spreadsheets.REASONS,
    "unknown_category": {
        "zh-Hans": "未知的职权类别“{value}”",
        "zh-Hant": "未知的職權類別「{value}」",
        "en": 'unknown category "{value}"',
    },
    "duplicate": {
        "zh-Hans": "与第 {other} 行重复",
        "zh-Hant": "與第 {other} 行重複",
        "en": "same department and code as row {other}",
    },
    "unknown_department": {
        "zh-Hans": "部门编码“{value}”不存在",
        "zh-Hant": "部門編碼「{value}」不存在",
        "en": 'no department with code "{value}"',
    },
    "exists": {
        "zh-Hans": "该部门已登记职权编码“{value}”",
        "zh-Hant": "該部門已登記職權編碼「{value}」",
        "en": 'the department has a power "{value}" already',
    },
    "no_rows": {"zh-Hans": "没有职权", "zh-Hant": "沒有職權", "en": "no powers in the file"},
}


def rejection(e: ImportRejected, locale: Locale) -> dict[str, Any]:
    """The 422 body: a headline and every problem as (row, column, reason)."""
    return spreadsheets.rejection(e, locale, REASONS, ANNEX1)
