"""Words for the codes events carry (grades, roles, causes, measures), per language."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "high": {"zh-Hans": "高", "zh-Hant": "高", "en": "high"},
    "medium": {"zh-Hans": "中", "zh-Hant": "中", "en": "medium"},
    "low": {"zh-Hans": "低", "zh-Hant": "低", "en": "low"},
    "department_meeting": {
        "zh-Hans": "部门会议",
        "zh-Hant": "部門會議",
        "en": "department meeting",
    },
    "leader_in_charge": {
        "zh-Hans": "分管厂领导",
        "zh-Hant": "分管廠領導",
        "en": "leader in charge",
    },
    "party_committee": {"zh-Hans": "厂党委会", "zh-Hant": "廠黨委會", "en": "party committee"},
    "power_amended": {
        "zh-Hans": "权力事项已修订",
        "zh-Hant": "權力事項已修訂",
        "en": "the power was amended",
    },
    "power_retired": {
        "zh-Hans": "权力事项已废止",
        "zh-Hant": "權力事項已廢止",
        "en": "the power was retired",
    },
    "step_changed": {
        "zh-Hans": "流程环节已变更",
        "zh-Hant": "流程環節已變更",
        "en": "a process step changed",
    },
    "step_removed": {
        "zh-Hans": "流程环节已删除",
        "zh-Hant": "流程環節已刪除",
        "en": "a process step was removed",
    },
    "person_transferred": {
        "zh-Hans": "人员已调岗",
        "zh-Hant": "人員已調崗",
        "en": "the person was transferred",
    },
    "person_rank_changed": {
        "zh-Hans": "人员职级已变更",
        "zh-Hant": "人員職級已變更",
        "en": "the person's rank changed",
    },
    "risk_reminder": {"zh-Hans": "风险提示", "zh-Hant": "風險提示", "en": "risk reminder"},
    "reminder_talk": {"zh-Hans": "谈话提醒", "zh-Hant": "談話提醒", "en": "reminder talk"},
    "admonishment_talk": {
        "zh-Hans": "诫勉谈话",
        "zh-Hant": "誡勉談話",
        "en": "admonishment talk",
    },
    "rectification_order": {"zh-Hans": "责令整改", "zh-Hant": "責令整改", "en": "order to rectify"},
}
