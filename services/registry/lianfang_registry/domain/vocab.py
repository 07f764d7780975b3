"""The registry's vocabulary: ranks, power categories and statuses, with their labels."""

from __future__ import annotations

from enum import StrEnum

from lianfang_shared.i18n import Locale, label_of


class Rank(StrEnum):
    """A person's rank; it decides who reviews their risk points and takes their commitment."""

    staff = "staff"
    key_post = "key_post"
    middle_cadre = "middle_cadre"
    leader = "leader"
    party_secretary = "party_secretary"


class PowerCategory(StrEnum):
    """The kind of power (职权类别)."""

    decision = "decision"
    approval = "approval"
    execution = "execution"
    supervision = "supervision"
    personnel = "personnel"
    finance = "finance"
    other = "other"


class PowerStatus(StrEnum):
    """Where a power is in its lifecycle: draft → active → amended → retired."""

    draft = "draft"
    active = "active"
    amended = "amended"
    retired = "retired"


IN_FORCE = (PowerStatus.active, PowerStatus.amended)
LEADING_RANKS = (Rank.leader, Rank.party_secretary)

LABELS: dict[str, dict[str, str]] = {
    # Rank
    "staff": {"zh-Hans": "一般员工", "zh-Hant": "一般員工", "en": "Staff"},
    "key_post": {"zh-Hans": "重点岗位人员", "zh-Hant": "重點崗位人員", "en": "Key-post staff"},
    "middle_cadre": {"zh-Hans": "中层干部", "zh-Hant": "中層幹部", "en": "Middle cadre"},
    "leader": {"zh-Hans": "厂级领导", "zh-Hant": "廠級領導", "en": "Factory leader"},
    "party_secretary": {"zh-Hans": "党委书记", "zh-Hant": "黨委書記", "en": "Party secretary"},
    # PowerCategory
    "decision": {"zh-Hans": "决策权", "zh-Hant": "決策權", "en": "Decision"},
    "approval": {"zh-Hans": "审批权", "zh-Hant": "審批權", "en": "Approval"},
    "execution": {"zh-Hans": "执行权", "zh-Hant": "執行權", "en": "Execution"},
    "supervision": {"zh-Hans": "监督权", "zh-Hant": "監督權", "en": "Supervision"},
    "personnel": {"zh-Hans": "人事权", "zh-Hant": "人事權", "en": "Personnel"},
    "finance": {"zh-Hans": "财务权", "zh-Hant": "財務權", "en": "Finance"},
    "other": {"zh-Hans": "其他", "zh-Hant": "其他", "en": "Other"},
    # PowerStatus
    "draft": {"zh-Hans": "草拟", "zh-Hant": "草擬", "en": "Draft"},
    "active": {"zh-Hans": "生效", "zh-Hant": "生效", "en": "In force"},
    "amended": {"zh-Hans": "已修订", "zh-Hant": "已修訂", "en": "Amended"},
    "retired": {"zh-Hans": "已废止", "zh-Hant": "已廢止", "en": "Retired"},
}


def label(value: str, locale: Locale = "zh-Hans") -> str:
    """The label of a rank, category or status for people."""
    return label_of(LABELS, value, locale)


def category_from_text(text: str) -> PowerCategory | None:
    """A category from its code or any label, with or without 权 (as a spreadsheet may hold it)."""
    wanted = text.strip()
    for category in PowerCategory:
        labels = LABELS[category.value].values()
        names = {
            category.value,
            *labels,
            *(t.removesuffix("权").removesuffix("權") for t in labels),
        }
        if wanted in names or wanted.lower() in names:
            return category
    return None
