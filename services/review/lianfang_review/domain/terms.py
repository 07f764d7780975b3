"""Vocabulary of commitments, briefings, publication, inspections and the annual assessment,
with labels for people (Simplified Chinese, Traditional Chinese, English)."""

from __future__ import annotations

from enum import StrEnum

from lianfang_review.domain.vocab import _t, label
from lianfang_shared.i18n import Locale, pick


class CommitmentStatus(StrEnum):
    """Where a person's integrity commitment (廉洁承诺) stands."""

    required = "required"
    awaiting_signature = "awaiting_signature"
    signed = "signed"
    stale = "stale"


class StaleCause(StrEnum):
    """Why a new commitment is required."""

    appointed = "appointed"
    post_changed = "post_changed"
    rank_changed = "rank_changed"
    risk_points_changed = "risk_points_changed"
    measures_changed = "measures_changed"
    expired = "expired"


class RecipientRole(StrEnum):
    """Whom a commitment is made to (by the owner's rank)."""

    department_leadership = "department_leadership"
    leader_in_charge = "leader_in_charge"
    party_secretary = "party_secretary"
    superior_party_organisation = "superior_party_organisation"


class BriefingLevel(StrEnum):
    """The four levels a briefing (交底) is given at."""

    project = "project"
    leadership = "leadership"
    department = "department"
    individual = "individual"


class Knowing(StrEnum):
    """The "seven knowings" (七个知晓) a briefed person acknowledges, in order."""

    powers = "powers"
    risk_points = "risk_points"
    grades = "grades"
    measures = "measures"
    rules = "rules"
    supervision = "supervision"
    accountability = "accountability"


KNOWINGS = tuple(k.value for k in Knowing)


class DueStatus(StrEnum):
    """A briefing owed for a new post."""

    owed = "owed"
    overdue = "overdue"
    met = "met"
    withdrawn = "withdrawn"


class PublicationKind(StrEnum):
    """The approved lists that are published (公开)."""

    powers_and_responsibilities = "powers_and_responsibilities"
    risks_and_measures = "risks_and_measures"


class CheckItem(StrEnum):
    """The checklist of a quarterly supervision inspection (季度监督检查)."""

    coverage = "coverage"
    overdue_measures = "overdue_measures"
    overdue_rectifications = "overdue_rectifications"
    stale_commitments = "stale_commitments"
    other = "other"


class Component(StrEnum):
    """The parts of the annual assessment's score."""

    identification = "identification"
    commitment = "commitment"
    briefing = "briefing"
    measures = "measures"
    findings = "findings"


TERMS: dict[str, dict[str, str]] = {
    "required": _t("待签订", "待簽訂", "Required"),
    "awaiting_signature": _t("待签字", "待簽字", "Awaiting signature"),
    "signed": _t("已签订", "已簽訂", "Signed"),
    "stale": _t("已失效", "已失效", "Stale"),
    "appointed": _t("新任岗位", "新任崗位", "Newly appointed"),
    "post_changed": _t("岗位变动", "崗位變動", "Post changed"),
    "rank_changed": _t("职级变动", "職級變動", "Rank changed"),
    "risk_points_changed": _t("风险点变更", "風險點變更", "Risk points changed"),
    "measures_changed": _t("防控措施变更", "防控措施變更", "Measures changed"),
    "expired": _t("承诺期满", "承諾期滿", "Expired"),
    "department_leadership": _t("部门领导班子", "部門領導班子", "Department leadership"),
    "party_secretary": _t("党委书记", "黨委書記", "Party secretary"),
    "superior_party_organisation": _t("上级党组织", "上級黨組織", "Superior party body"),
    "project": _t("项目（单位）", "項目（單位）", "Project / unit"),
    "leadership": _t("领导班子", "領導班子", "Leadership"),
    "department": _t("部门", "部門", "Department"),
    "individual": _t("个人", "個人", "Individual"),
    "owed": _t("待交底", "待交底", "Owed"),
    "overdue": _t("已逾期", "已逾期", "Overdue"),
    "met": _t("已交底", "已交底", "Briefed"),
    "withdrawn": _t("已撤销", "已撤銷", "Withdrawn"),
    "powers_and_responsibilities": _t(
        "权力和责任清单", "權力和責任清單", "Powers and responsibilities"
    ),
    "risks_and_measures": _t("风险与措施清单", "風險與措施清單", "Risks and measures"),
    "coverage": _t("排查覆盖面", "排查覆蓋面", "Coverage"),
    "overdue_measures": _t("措施逾期未落实", "措施逾期未落實", "Overdue measures"),
    "overdue_rectifications": _t("整改逾期", "整改逾期", "Overdue rectifications"),
    "stale_commitments": _t("承诺失效未重签", "承諾失效未重簽", "Stale commitments"),
    "other": _t("其他", "其他", "Other"),
    "planned": _t("计划", "計劃", "Planned"),
    "completed": _t("已完成", "已完成", "Completed"),
    "identification": _t("风险排查", "風險排查", "Risk identification"),
    "commitment": _t("廉洁承诺", "廉潔承諾", "Commitments"),
    "briefing": _t("风险交底", "風險交底", "Briefings"),
    "findings": _t("检查发现问题", "檢查發現問題", "Inspection findings"),
    "measures": _t("措施落实", "措施落實", "Measures carried out"),
}
# The seven knowings (their codes overlap other words, e.g. supervision 监督).
KNOWING_LABELS: dict[str, dict[str, str]] = {
    "powers": _t("知晓岗位职权", "知曉崗位職權", "Knows the post's powers"),
    "risk_points": _t("知晓廉洁风险点", "知曉廉潔風險點", "Knows the risk points"),
    "grades": _t("知晓风险等级", "知曉風險等級", "Knows the risk grades"),
    "measures": _t("知晓防控措施", "知曉防控措施", "Knows the control measures"),
    "rules": _t("知晓制度规定", "知曉制度規定", "Knows the laws and rules"),
    "supervision": _t("知晓监督方式", "知曉監督方式", "Knows how they are supervised"),
    "accountability": _t("知晓责任追究", "知曉責任追究", "Knows the consequences"),
}


def term(value: object, locale: Locale = "zh-Hans") -> str:
    """The label of a code of this vocabulary (or of the risk-point vocabulary)."""
    texts = TERMS.get(str(value))
    return pick(texts, locale) if texts else label(value, locale)


def knowing_label(value: object, locale: Locale = "zh-Hans") -> str:
    """The label of one of the seven knowings."""
    texts = KNOWING_LABELS.get(str(value))
    return pick(texts, locale) if texts else str(value)
