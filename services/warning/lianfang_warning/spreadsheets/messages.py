"""Why a row of a signal import was refused, in the caller's language."""

from __future__ import annotations

from typing import Any

from lianfang_shared import spreadsheets
from lianfang_shared.i18n import Locale
from lianfang_shared.i18n import texts as _t
from lianfang_warning.domain.imports import ImportRejected
from lianfang_warning.spreadsheets.layout import IMPORTED

REASONS: dict[str, dict[str, str]] = {
    **spreadsheets.REASONS,
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
    "identity_column": _t(
        "文件含有举报人信息列“{value}”：举报人身份须逐条通过保密登记录入",
        "檔案含有舉報人資訊欄「{value}」：舉報人身份須逐條通過保密登記錄入",
        'the file has a reporter column "{value}": identities are entered one at a time, '
        "through the confidential form",
    ),
    "no_rows": _t("没有预警信息", "沒有預警信息", "no signals in the file"),
}


def rejection(e: ImportRejected, locale: Locale) -> dict[str, Any]:
    """The 422 body: a headline and every problem as (row, column, reason)."""
    return spreadsheets.rejection(e, locale, REASONS, IMPORTED)
