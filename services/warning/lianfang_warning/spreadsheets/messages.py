"""Why a row of a signal import was refused, in the caller's language."""

from __future__ import annotations

from typing import Any

from lianfang_shared.i18n import Locale, pick
from lianfang_warning.domain.imports import ImportRejected
from lianfang_warning.spreadsheets.layout import IMPORTED


def _t(hans: str, hant: str, en: str) -> dict[str, str]:
    return {"zh-Hans": hans, "zh-Hant": hant, "en": en}


REASONS: dict[str, dict[str, str]] = {
    "required": _t("必填", "必填", "required"),
    "too_long": _t("超过 {max} 个字符", "超過 {max} 個字元", "longer than {max} characters"),
    "unknown_channel": _t(
        "未知的预警渠道“{value}”", "未知的預警渠道「{value}」", 'unknown channel "{value}"'
    ),
    "bad_date": _t(
        "日期“{value}”无法识别（应为 2026-06-30）",
        "日期「{value}」無法識別（應為 2026-06-30）",
        'cannot read the date "{value}" (write 2026-06-30)',
    ),
    "future": _t("收到日期晚于今天", "收到日期晚於今天", "received after today"),
    "unknown_department": _t(
        "部门“{value}”不存在", "部門「{value}」不存在", 'no department "{value}"'
    ),
    "unknown_person": _t(
        "工号“{value}”不存在", "工號「{value}」不存在", 'no person with staff number "{value}"'
    ),
    "missing_column": _t("缺少此列", "缺少此欄", "column missing"),
    "identity_column": _t(
        "文件含有举报人信息列“{value}”：举报人身份须逐条通过保密登记录入",
        "檔案含有舉報人資訊欄「{value}」：舉報人身份須逐條通過保密登記錄入",
        'the file has a reporter column "{value}": identities are entered one at a time, '
        "through the confidential form",
    ),
    "not_xlsx": _t("不是有效的 XLSX 文件", "不是有效的 XLSX 檔案", "not a valid XLSX workbook"),
    "no_rows": _t("没有预警信息", "沒有預警信息", "no signals in the file"),
    "too_many": _t("最多 {max} 行", "最多 {max} 行", "at most {max} rows"),
}
HEADLINE = _t(
    "导入被拒绝：{rows} 行有错误，未保存任何内容",
    "匯入被拒絕：{rows} 行有錯誤，未儲存任何內容",
    "import refused: {rows} row(s) have errors; nothing was stored",
)
_HEADINGS = {c.key: c for c in IMPORTED}


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
