"""The review's vocabulary: scopes, categories, grades, measures, statuses, with their labels."""

from __future__ import annotations

from enum import StrEnum

from lianfang_shared.i18n import Locale, label_of, pick
from lianfang_shared.i18n import texts as _t


class Scope(StrEnum):
    """Whose risk point it is (风险点类别)."""

    common_factory = "common_factory"
    common_middle = "common_middle"
    post = "post"
    leader = "leader"


class Category(StrEnum):
    """The kind of risk (风险类型): the five dimensions of the seed plus 权力运行."""

    ideology = "ideology"
    post_duty = "post_duty"
    business_process = "business_process"
    institution = "institution"
    external = "external"
    power_operation = "power_operation"


class Grade(StrEnum):
    """Risk grade (风险等级)."""

    high = "high"
    medium = "medium"
    low = "low"


class Factor(StrEnum):
    """The six factors of the self-assessment, each scored 1 to 5."""

    importance = "importance"
    discretion = "discretion"
    funds_flow = "funds_flow"
    probability = "probability"
    concealment = "concealment"
    harm = "harm"


class MeasureType(StrEnum):
    """Kind of control measure: education is the base, process and institution the core,
    supervision the guarantee."""

    education = "education"
    institution = "institution"
    process = "process"
    supervision = "supervision"


class Stage(StrEnum):
    """When a measure acts (防控阶段)."""

    prevention = "prevention"
    monitoring = "monitoring"
    handling = "handling"


class MeasureStatus(StrEnum):
    """How far a measure is carried out."""

    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    cancelled = "cancelled"


class Status(StrEnum):
    """Where a risk point is on the approval ladder."""

    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    approved = "approved"
    reopened = "reopened"
    merged = "merged"


class ApproverRole(StrEnum):
    """Who approves (审核): the department meeting, the leader in charge, the party committee."""

    department_meeting = "department_meeting"
    leader_in_charge = "leader_in_charge"
    party_committee = "party_committee"


EDITABLE = (Status.draft, Status.returned, Status.reopened, Status.approved)
COMMON = (Scope.common_factory, Scope.common_middle)

_L = dict[str, dict[str, str]]


LABELS: _L = {
    "common_factory": _t("厂级共性", "廠級共性", "Factory-level common"),
    "common_middle": _t("中层共性", "中層共性", "Middle-level common"),
    "post": _t("岗位个性", "崗位個性", "Post"),
    "leader": _t("厂级领导个性", "廠級領導個性", "Factory leader"),
    "ideology": _t("思想道德", "思想道德", "Ideology and morality"),
    "post_duty": _t("岗位职责", "崗位職責", "Post duties"),
    "business_process": _t("业务流程", "業務流程", "Business process"),
    "institution": _t("制度机制", "制度機制", "Institutions and mechanisms"),
    "external": _t("外部环境", "外部環境", "External environment"),
    "power_operation": _t("权力运行", "權力運行", "Power operation"),
    "high": _t("高", "高", "High"),
    "medium": _t("中", "中", "Medium"),
    "low": _t("低", "低", "Low"),
    "importance": _t("权力的重要程度", "權力的重要程度", "Importance of the power"),
    "discretion": _t("自由裁量权的大小", "自由裁量權的大小", "Discretion"),
    "funds_flow": _t("资金流量", "資金流量", "Funds flow"),
    "probability": _t("发生的概率", "發生的概率", "Probability"),
    "concealment": _t("隐蔽性", "隱蔽性", "Concealment"),
    "harm": _t("危害程度", "危害程度", "Harm"),
    "education": _t("教育", "教育", "Education"),
    "process": _t("流程", "流程", "Process"),
    "supervision": _t("监督", "監督", "Supervision"),
    "prevention": _t("前期预防", "前期預防", "Prevention"),
    "monitoring": _t("中期监控", "中期監控", "Monitoring"),
    "handling": _t("后期处置", "後期處置", "Handling"),
    "planned": _t("计划", "計劃", "Planned"),
    "in_progress": _t("实施中", "實施中", "In progress"),
    "done": _t("已落实", "已落實", "Done"),
    "cancelled": _t("已取消", "已取消", "Cancelled"),
    "draft": _t("编制中", "編制中", "Draft"),
    "submitted": _t("待审核", "待審核", "Submitted"),
    "returned": _t("已退回", "已退回", "Returned"),
    "approved": _t("已审核", "已審核", "Approved"),
    "reopened": _t("待重新审核", "待重新審核", "Reopened"),
    "merged": _t("已合并", "已合併", "Merged"),
    "department_meeting": _t("部门会议", "部門會議", "Department meeting"),
    "leader_in_charge": _t("分管厂领导", "分管廠領導", "Leader in charge"),
    "party_committee": _t("厂党委会", "廠黨委會", "Party committee"),
}
RANK_LABELS: _L = {
    "staff": _t("一般员工", "一般員工", "Staff"),
    "key_post": _t("重点岗位人员", "重點崗位人員", "Key-post staff"),
    "middle_cadre": _t("中层干部", "中層幹部", "Middle cadre"),
    "leader": _t("厂级领导", "廠級領導", "Factory leader"),
    "party_secretary": _t("党委书记", "黨委書記", "Party secretary"),
}
# "institution" is both a category (制度机制) and a measure type (制度).
MEASURE_TYPE_LABELS: _L = {"institution": _t("制度", "制度", "Institution")}


def label(value: object, locale: Locale = "zh-Hans") -> str:
    """The label of a scope, category, grade, factor, stage or status for people."""
    return label_of(LABELS, value, locale)


def measure_type_label(value: object, locale: Locale = "zh-Hans") -> str:
    """The label of a measure type (制度 rather than 制度机制 for ``institution``)."""
    texts = MEASURE_TYPE_LABELS.get(str(value))
    return pick(texts, locale) if texts else label(value, locale)


def rank_label(value: object, locale: Locale = "zh-Hans") -> str:
    """The label of a person's rank (from the registry)."""
    return label_of(RANK_LABELS, value, locale)
