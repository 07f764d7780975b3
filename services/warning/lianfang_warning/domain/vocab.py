"""The warning service's vocabulary (codes travel; labels are for people)."""

from __future__ import annotations

from enum import StrEnum

from lianfang_shared.i18n import Locale, label_of
from lianfang_shared.i18n import texts as _t


class Channel(StrEnum):
    """Where a signal came from: the 13 channels of the seed (预警信息收集途径)."""

    inspection_tour = "inspection_tour"
    audit = "audit"
    special_check = "special_check"
    efficiency_supervision = "efficiency_supervision"
    democratic_life_meeting = "democratic_life_meeting"
    duty_integrity_report = "duty_integrity_report"
    democratic_appraisal = "democratic_appraisal"
    cadre_evaluation = "cadre_evaluation"
    whistleblowing = "whistleblowing"
    case_investigation = "case_investigation"
    questionnaire = "questionnaire"
    online_opinion = "online_opinion"
    survey_symposium = "survey_symposium"


class Severity(StrEnum):
    """How serious the office judges a case (情节严重程度)."""

    low = "low"
    medium = "medium"
    high = "high"


class Decision(StrEnum):
    """What the assessment decides."""

    no_action = "no_action"
    watch = "watch"
    warn = "warn"


class Measure(StrEnum):
    """Disposal measures (处置措施), mildest first."""

    risk_reminder = "risk_reminder"
    reminder_talk = "reminder_talk"
    admonishment_talk = "admonishment_talk"
    rectification_order = "rectification_order"


class Authority(StrEnum):
    """Who may issue a warning, weakest first (按照风险防控权限)."""

    office = "office"
    leader_in_charge = "leader_in_charge"
    party_committee = "party_committee"


class Deadline(StrEnum):
    """The two deadlines of a warning."""

    respond = "respond"
    rectify = "rectify"


SEVERITY_ORDER = (Severity.low, Severity.medium, Severity.high)
AUTHORITY_ORDER = (Authority.office, Authority.leader_in_charge, Authority.party_committee)
# What the office usually applies at each severity (a suggestion, never automatic).
SUGGESTED_MEASURE = {
    Severity.low: Measure.risk_reminder,
    Severity.medium: Measure.reminder_talk,
    Severity.high: Measure.admonishment_talk,
}


LABELS: dict[str, dict[str, str]] = {
    # Channel
    "inspection_tour": _t("巡视", "巡視", "Inspection tour"),
    "audit": _t("审计", "審計", "Audit"),
    "special_check": _t("专项检查", "專項檢查", "Special check"),
    "efficiency_supervision": _t("效能监察", "效能監察", "Efficiency supervision"),
    "democratic_life_meeting": _t("民主生活会", "民主生活會", "Democratic life meeting"),
    "duty_integrity_report": _t("述职述廉", "述職述廉", "Duty and integrity report"),
    "democratic_appraisal": _t("民主测评", "民主測評", "Democratic appraisal"),
    "cadre_evaluation": _t("干部考察考评", "幹部考察考評", "Cadre evaluation"),
    "whistleblowing": _t("信访举报", "信訪舉報", "Petition and whistleblowing"),
    "case_investigation": _t("查办案件", "查辦案件", "Case investigation"),
    "questionnaire": _t("问卷调查", "問卷調查", "Questionnaire"),
    "online_opinion": _t("网络舆情", "網絡輿情", "Online public opinion"),
    "survey_symposium": _t("调研座谈", "調研座談", "Survey and symposium"),
    # Severity
    "low": _t("一般", "一般", "Minor"),
    "medium": _t("较重", "較重", "Significant"),
    "high": _t("严重", "嚴重", "Serious"),
    # Decision
    "no_action": _t("不予预警", "不予預警", "No action"),
    "watch": _t("持续关注", "持續關注", "Watch"),
    "warn": _t("发出预警", "發出預警", "Issue a warning"),
    # Measure
    "risk_reminder": _t("风险提示", "風險提示", "Risk reminder"),
    "reminder_talk": _t("谈话提醒", "談話提醒", "Reminder talk"),
    "admonishment_talk": _t("诫勉谈话", "誡勉談話", "Admonishment talk"),
    "rectification_order": _t("责令整改", "責令整改", "Order to rectify"),
    # Authority
    "office": _t("廉洁风险防控工作办公室", "廉潔風險防控工作辦公室", "Integrity-risk office"),
    "leader_in_charge": _t("分管厂领导", "分管廠領導", "Leader in charge"),
    "party_committee": _t("厂党委会", "廠黨委會", "Party committee"),
    # Deadline
    "respond": _t("响应期限", "響應期限", "Response deadline"),
    "rectify": _t("整改期限", "整改期限", "Rectification deadline"),
    # Review grades (of risk points)
    "grade:high": _t("高", "高", "High"),
    "grade:medium": _t("中", "中", "Medium"),
    "grade:low": _t("低", "低", "Low"),
}


def label(value: str, locale: Locale = "zh-Hans") -> str:
    """The label of a code for people (the code itself if it has none)."""
    return label_of(LABELS, value, locale)


def channel_from_text(text: str) -> Channel | None:
    """A channel from its code or any of its labels (as a spreadsheet may hold it)."""
    wanted = text.strip()
    for channel in Channel:
        if wanted.lower() == channel.value or wanted in LABELS[channel.value].values():
            return channel
    return None
