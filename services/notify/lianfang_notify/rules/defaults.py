"""The rules notify ships with (data). Admins override, disable or add rules through the API.

Event types of services that do not publish yet simply never fire. Warnings, disposal
measures and their overdue notifications go only to the inbox and to personal email: never to
a chat group. Nothing here reads a reporter's identity: no contract carries it.
"""

from __future__ import annotations

from typing import Any

from lianfang_notify.rules.model import RuleRecord

INBOX_EMAIL = ["inbox", "email"]


def role(name: str) -> dict[str, str]:
    return {"kind": "role", "role": name}


def head(field: str) -> dict[str, str]:
    return {"kind": "department_head", "field": field}


def leader(field: str) -> dict[str, str]:
    return {"kind": "leader_in_charge", "field": field}


def person(field: str) -> dict[str, str]:
    return {"kind": "person", "field": field}


OWNER = [head("owner.department_id"), person("owner.person_id")]
WARNING_CLOSED = ["lianfang.warning.warning.withdrawn", "lianfang.warning.warning.closed"]
# A warning's two deadlines; the rules that set or move them share these names.
WARNING_RESPONSE = {
    "name": "warning-response",
    "field": "respond_by",
    "remind_before": ["PT8H"],
    "cancel_on": ["lianfang.warning.warning.acknowledged", *WARNING_CLOSED],
    "key_field": "warning_id",
}
WARNING_RECTIFICATION = {
    "name": "warning-rectification",
    "field": "rectify_by",
    "remind_before": ["P7D", "P1D"],
    "cancel_on": [
        "lianfang.warning.rectification.submitted",
        "lianfang.warning.rectification.accepted",
        *WARNING_CLOSED,
    ],
    "key_field": "warning_id",
}
OWNER_DEPT = {"department": "owner.department_id"}

RULES: dict[str, dict[str, Any]] = {
    "registry-department-created": {
        "event_type": "lianfang.registry.department.created",
        "description": "新部门登记后告知廉洁风险防控办公室和管理员",
        "recipients": [role("office"), role("admin")],
        "channels": ["inbox"],
        "template": "department_created",
        "fields": ["name", "code"],
    },
    "review-risk-point-proposed": {
        "event_type": "lianfang.review.risk_point.proposed",
        "description": "记住风险点的描述，供之后的审核、退回等消息引用（不发消息）",
        "notify": False,
        "remember": ["description"],
    },
    "review-risk-point-changed": {
        "event_type": "lianfang.review.risk_point.changed",
        "description": "风险点描述变化后记住新的描述（不发消息）",
        "notify": False,
        "remember": ["description"],
    },
    "review-risk-point-needs-re-review": {
        "event_type": "lianfang.review.risk_point.needs_re_review",
        "description": "权力、流程或人员变化后，风险点需重新评审：告知部门负责人和本人",
        "recipients": OWNER,
        "template": "risk_point_needs_re_review",
        "fields": ["cause", "reason"],
        "recall": ["description"],
        "departments": OWNER_DEPT,
    },
    "review-approval-requested-meeting": {
        "event_type": "lianfang.review.risk_point.submitted",
        "description": "重点岗位风险点提交部门会议审核：告知部门负责人",
        "when": {"approver.role": ["department_meeting"]},
        "recipients": [head("approver.department_id")],
        "template": "approval_requested",
        "fields": ["grade", "approver.role"],
        "recall": ["description"],
        "departments": OWNER_DEPT,
    },
    "review-approval-requested-leader": {
        "event_type": "lianfang.review.risk_point.submitted",
        "description": "中层干部风险点提交分管厂领导审核",
        "when": {"approver.role": ["leader_in_charge"]},
        "recipients": [person("approver.person_ids")],
        "template": "approval_requested",
        "fields": ["grade", "approver.role"],
        "recall": ["description"],
        "departments": OWNER_DEPT,
    },
    "review-approval-requested-committee": {
        "event_type": "lianfang.review.risk_point.submitted",
        "description": "厂级共性及厂领导风险点提交厂党委会审核",
        "when": {"approver.role": ["party_committee"]},
        "recipients": [role("party_committee"), role("office")],
        "template": "approval_requested",
        "fields": ["grade", "approver.role"],
        "recall": ["description"],
        "departments": OWNER_DEPT,
    },
    "review-approval-given": {
        "event_type": "lianfang.review.risk_point.approved",
        "description": "风险点审核通过：告知部门负责人和本人",
        "recipients": OWNER,
        "template": "approval_given",
        "fields": ["comment", "approver.role"],
        "recall": ["description"],
        "departments": OWNER_DEPT,
    },
    "review-approval-returned": {
        "event_type": "lianfang.review.risk_point.returned",
        "description": "风险点被退回修改：告知部门负责人和本人",
        "recipients": OWNER,
        "template": "approval_returned",
        "fields": ["comment", "approver.role"],
        "recall": ["description"],
        "departments": OWNER_DEPT,
    },
    "review-briefing-owed": {
        "event_type": "lianfang.review.briefing.owed",
        "description": "新任或调岗人员须接受廉洁风险交底：提醒本人，逾期告知部门负责人",
        "recipients": [person("person_id"), head("department_id")],
        "template": "briefing_owed",
        "persons": {"person": "person_id"},
        "departments": {"department": "department_id"},
        "fields": ["due_on"],
        "deadlines": [
            {
                "name": "briefing",
                "field": "due_on",
                "remind_before": ["P3D", "P1D"],
                "escalations": [
                    {"after": "PT0S", "to": [head("department_id")]},
                    {"after": "P7D", "to": [role("office")]},
                ],
                "cancel_on": ["lianfang.review.briefing.acknowledged"],
            }
        ],
    },
    "review-commitment-stale": {
        "event_type": "lianfang.review.commitment.stale",
        "description": "廉洁承诺已失效需重新签订：告知本人和接收承诺的领导",
        "recipients": [person("person_id"), head("department_id")],
        "template": "commitment_stale",
        "persons": {"person": "person_id"},
        "departments": {"department": "department_id"},
        "fields": ["reason", "renew_by"],
        "deadlines": [
            {
                "name": "commitment-renewal",
                "field": "renew_by",
                "remind_before": ["P7D", "P1D"],
                "escalations": [{"after": "PT0S", "to": [leader("department_id")]}],
                "cancel_on": ["lianfang.review.commitment.signed"],
                "key_field": "person_id",
            }
        ],
    },
    "review-inspection-planned": {
        "event_type": "lianfang.review.inspection.planned",
        "description": "季度监督检查：提醒纪委按期完成",
        "recipients": [role("discipline"), head("department_id")],
        "template": "inspection_planned",
        "departments": {"department": "department_id"},
        "fields": ["quarter", "due_on"],
        "deadlines": [
            {
                "name": "quarterly-inspection",
                "field": "due_on",
                "remind_before": ["P7D", "P1D"],
                "escalations": [{"after": "PT0S", "to": [role("discipline"), role("office")]}],
                "cancel_on": ["lianfang.review.inspection.completed"],
            }
        ],
    },
    "review-inspection-finding-assigned": {
        "event_type": "lianfang.review.inspection.finding_assigned",
        "description": "检查发现问题已指定整改责任人：告知责任人和部门负责人",
        "recipients": [person("owner_person_id"), head("department_id")],
        "template": "inspection_finding_assigned",
        "departments": {"department": "department_id"},
        "fields": ["description", "severity", "due_on"],
        "deadlines": [
            {
                "name": "finding-follow-up",
                "field": "due_on",
                "remind_before": ["P3D", "P1D"],
                "escalations": [
                    {"after": "PT0S", "to": [head("department_id"), leader("department_id")]},
                    {"after": "P7D", "to": [role("discipline")]},
                ],
                "cancel_on": ["lianfang.review.inspection.finding_closed"],
                "key_field": "finding_id",
            }
        ],
    },
    "warning-issued": {
        "event_type": "lianfang.warning.warning.issued",
        "description": "向部门发出廉洁风险预警：告知部门负责人和被预警人员，期限前提醒",
        "recipients": [head("department_id"), person("person_ids")],
        "channels": INBOX_EMAIL,
        "template": "warning_issued",
        "departments": {"department": "department_id"},
        "fields": ["severity", "summary", "respond_by", "rectify_by"],
        "deadlines": [WARNING_RESPONSE, WARNING_RECTIFICATION],
    },
    "warning-deadline-extended": {
        "event_type": "lianfang.warning.warning.deadline_extended",
        "description": "预警期限延长：告知部门负责人，提醒随新期限调整",
        "recipients": [head("department_id")],
        "channels": INBOX_EMAIL,
        "template": "deadline_extended",
        "departments": {"department": "department_id"},
        "fields": ["respond_by", "rectify_by", "reason"],
        "deadlines": [WARNING_RESPONSE, WARNING_RECTIFICATION],
    },
    "warning-acknowledgement-overdue": {
        "event_type": "lianfang.warning.warning.acknowledgement_overdue",
        "description": "预警逾期未响应：升级告知分管厂领导和办公室",
        "recipients": [head("department_id"), leader("department_id"), role("office")],
        "channels": INBOX_EMAIL,
        "template": "acknowledgement_overdue",
        "departments": {"department": "department_id"},
        "fields": ["respond_by"],
    },
    "warning-rectification-overdue": {
        "event_type": "lianfang.warning.rectification.overdue",
        "description": "整改逾期：告知整改责任人、部门负责人，升级告知分管厂领导和办公室",
        "recipients": [
            person("responsible_person_id"),
            head("department_id"),
            leader("department_id"),
            role("office"),
        ],
        "channels": INBOX_EMAIL,
        "template": "rectification_overdue",
        "departments": {"department": "department_id"},
        "fields": ["rectify_by"],
    },
    "warning-rectification-returned": {
        "event_type": "lianfang.warning.rectification.returned",
        "description": "整改报告被退回：告知部门负责人，按新的整改期限提醒",
        "recipients": [head("department_id")],
        "channels": INBOX_EMAIL,
        "template": "rectification_returned",
        "departments": {"department": "department_id"},
        "fields": ["reason", "rectify_by"],
        "deadlines": [WARNING_RECTIFICATION],
    },
    "warning-disposal-measure-applied": {
        "event_type": "lianfang.warning.disposal_measure.applied",
        "description": "处置措施（风险提示、谈话提醒、诫勉谈话、责令整改）：告知本人和部门负责人",
        "recipients": [person("person_id"), head("department_id")],
        "channels": INBOX_EMAIL,
        "template": "disposal_measure_applied",
        "departments": {"department": "department_id"},
        "fields": ["measure", "reason"],
    },
}


def default_rules() -> dict[str, RuleRecord]:
    """The shipped rules, validated."""
    return {
        rule_id: RuleRecord.model_validate({**body, "id": rule_id, "source": "default"})
        for rule_id, body in RULES.items()
    }


DEFAULTS = default_rules()
