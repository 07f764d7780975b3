"""Headings of the signal import and of annex 7, in the seed's terms (and their translations)."""

from __future__ import annotations

from typing import Any

from lianfang_shared.i18n import texts as _t
from lianfang_shared.spreadsheets import Column


def _col(key: str, hans: str, hant: str, en: str, width: int = 18, **kw: Any) -> Column:
    kw.setdefault("max_length", 20000)
    return Column(key, {"zh-Hans": hans, "zh-Hant": hant, "en": en}, width, **kw)


SEQ = _col("seq", "序号", "序號", "No.", 6)
CHANNEL = _col("channel", "预警渠道", "預警渠道", "Channel", 12, required=True)
RECEIVED = _col("received_on", "收到日期", "收到日期", "Received on", 12, required=True)
SUMMARY = _col("summary", "问题摘要", "問題摘要", "Summary", 30, required=True, max_length=200)
CONTENT = _col("content", "具体内容", "具體內容", "Content", 50, required=True)
DEPARTMENTS = _col("departments", "涉及部门", "涉及部門", "Departments", 16, max_length=1000)
PERSONS = _col("persons", "涉及人员工号", "涉及人員工號", "Staff numbers", 16, max_length=1000)
SOURCE = _col("source_ref", "来源文号", "來源文號", "Source reference", 16, max_length=200)

IMPORTED = (CHANNEL, RECEIVED, SUMMARY, CONTENT, DEPARTMENTS, PERSONS, SOURCE)
# Headings that would put a whistleblower's identity in a file: such a file is refused
# (identities are entered one at a time, through the confidential form).
IDENTITY_HEADINGS = frozenset(
    {
        "举报人",
        "舉報人",
        "举报人姓名",
        "舉報人姓名",
        "联系方式",
        "聯繫方式",
        "联系电话",
        "聯繫電話",
        "reporter",
        "reporter name",
        "contact",
    }
)

# Annex 7, 廉洁风险预警处置记录: the register (one row per warning).
REGISTER = (
    SEQ,
    _col("warning_no", "预警编号", "預警編號", "Warning no.", 14),
    _col("department", "预警部门", "預警部門", "Department", 14),
    _col("persons", "预警对象", "預警對象", "Persons warned", 14),
    _col("channels", "预警来源", "預警來源", "Sources", 12),
    _col("severity", "严重程度", "嚴重程度", "Severity", 8),
    _col("summary", "预警事项", "預警事項", "Warning", 30),
    _col("issued_on", "预警日期", "預警日期", "Issued on", 12),
    _col("respond_by", "响应期限", "響應期限", "Respond by", 12),
    _col("rectify_by", "整改期限", "整改期限", "Rectify by", 12),
    _col("responsible", "整改责任人", "整改責任人", "Responsible", 10),
    _col("completed_on", "整改完成日期", "整改完成日期", "Completed on", 12),
    _col("evaluation", "评估结果", "評估結果", "Evaluation", 24),
    _col("measures", "处置措施", "處置措施", "Disposal measures", 24),
    _col("state", "状态", "狀態", "State", 10),
)

TITLES = {
    "annex7": _t(
        "廉洁风险预警处置记录", "廉潔風險預警處置記錄", "Integrity-risk warning disposal record"
    ),
    "register": _t(
        "廉洁风险预警处置登记台账", "廉潔風險預警處置登記臺賬", "Register of warnings and disposal"
    ),
    "signals": _t("预警信息", "預警信息", "Signals"),
}

# Annex 7 as a form: one labelled line per field, in the order the office fills it.
FORM = (
    ("warning_no", _t("预警编号", "預警編號", "Warning no.")),
    ("department", _t("预警部门", "預警部門", "Department")),
    ("persons", _t("预警对象", "預警對象", "Persons warned")),
    ("channels", _t("预警信息来源", "預警信息來源", "Sources of the signals")),
    ("severity", _t("严重程度", "嚴重程度", "Severity")),
    ("risk_points", _t("涉及风险点", "涉及風險點", "Risk points concerned")),
    ("summary", _t("预警事项", "預警事項", "Warning")),
    ("content", _t("预警内容", "預警內容", "What the warning says")),
    ("requirements", _t("整改要求", "整改要求", "Requirements")),
    ("issued", _t("预警时间及签发", "預警時間及簽發", "Issued (when, authority)")),
    ("deadlines", _t("响应期限 / 整改期限", "響應期限 / 整改期限", "Respond by / rectify by")),
    ("acknowledged", _t("响应时间", "響應時間", "Acknowledged on")),
    ("responsible", _t("整改责任人", "整改責任人", "Responsible person")),
    ("cause", _t("原因分析", "原因分析", "Cause analysis")),
    ("actions", _t("整改措施及佐证材料", "整改措施及佐證材料", "Actions and evidence")),
    ("measures_taken", _t("整改情况", "整改情況", "Rectification")),
    ("result", _t("整改结果", "整改結果", "Result")),
    ("completed_on", _t("整改完成日期", "整改完成日期", "Completed on")),
    ("department_opinion", _t("部门负责人意见", "部門負責人意見", "Department head's opinion")),
    ("evaluation", _t("办公室评估意见", "辦公室評估意見", "Office's evaluation")),
    ("measures", _t("处置措施", "處置措施", "Disposal measures")),
    ("overdue", _t("逾期情况", "逾期情況", "Overdue")),
    ("state", _t("办理状态", "辦理狀態", "State")),
)
