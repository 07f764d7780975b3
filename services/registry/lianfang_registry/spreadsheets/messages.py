"""Why a row of an import was refused, in the caller's language."""

from __future__ import annotations

from typing import Any

from lianfang_registry.domain.catalogue import ImportRejected
from lianfang_registry.spreadsheets.layout import ANNEX1
from lianfang_shared.i18n import Locale, pick

REASONS: dict[str, dict[str, str]] = {
    "required": {"zh-Hans": "必填", "zh-Hant": "必填", "en": "required"},
    "too_long": {
        "zh-Hans": "超过 {max} 个字符",
        "zh-Hant": "超過 {max} 個字元",
        "en": "longer than {max} characters",
    },
    "bad_code": {
        "zh-Hans": "编码只能包含字母、数字和 _ . -",
        "zh-Hant": "編碼只能包含字母、數字和 _ . -",
        "en": "a code holds letters, digits, _ . - only",
    },
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
    "missing_column": {"zh-Hans": "缺少此列", "zh-Hant": "缺少此欄", "en": "column missing"},
    "not_xlsx": {
        "zh-Hans": "不是有效的 XLSX 文件",
        "zh-Hant": "不是有效的 XLSX 檔案",
        "en": "not a valid XLSX workbook",
    },
    "no_rows": {"zh-Hans": "没有职权", "zh-Hant": "沒有職權", "en": "no powers in the file"},
    "too_many": {
        "zh-Hans": "最多 {max} 行",
        "zh-Hant": "最多 {max} 行",
        "en": "at most {max} rows",
    },
}
HEADLINE = {
    "zh-Hans": "导入被拒绝：{rows} 行有错误，未保存任何内容",
    "zh-Hant": "匯入被拒絕：{rows} 行有錯誤，未儲存任何內容",
    "en": "import refused: {rows} row(s) have errors; nothing was stored",
}
_HEADINGS = {c.key: c for c in ANNEX1}


def rejection(e: ImportRejected, locale: Locale) -> dict[str, Any]:
    """The 422 body: a headline and every problem as (row, column, reason)."""
    rows = len({p.row for p in e.problems})
    return {
        "detail": pick(HEADLINE, locale).format(rows=rows),
        "errors": [
            {
                "row": p.row,
                "column": _HEADINGS[p.column].heading(locale) if p.column in _HEADINGS else "",
                "field": p.column,
                "problem": p.problem,
                "reason": pick(REASONS[p.problem], locale).format(**p.params),
            }
            for p in e.problems
        ],
    }
