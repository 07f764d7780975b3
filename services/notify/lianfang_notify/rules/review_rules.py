"""Shipped rules for review's events: re-review, the approval ladder, briefings, commitments,
inspections. Review II's types (briefing, commitment, inspection) fire once it publishes them."""

from __future__ import annotations

from typing import Any

from lianfang_notify.rules.vocabulary import head, leader, person, role

OWNER = [head("owner.department_id"), person("owner.person_id")]
OWNER_DEPT = {"department": "owner.department_id"}
# Review itself reports an overdue briefing (``briefing.overdue``): notify only reminds before.
BRIEFING = {
    "name": "briefing",
    "field": "due_on",
    "remind_before": ["P3D", "P1D"],
    "cancel_on": ["lianfang.review.briefing.acknowledged", "lianfang.review.briefing.withdrawn"],
    "key_fields": ["person_id", "post_id"],
}
# Stale or running out, the same renewal of one commitment; signing it meets the deadline.
RENEWAL = {
    "name": "commitment-renewal",
    "field": "renew_by",
    "remind_before": ["P7D", "P1D"],
    "escalations": [
        {"after": "PT0S", "to": [head("department_id"), leader("department_id")]},
    ],
    "cancel_on": ["lianfang.review.commitment.signed"],
    "key_fields": ["commitment_id"],
}

REVIEW: dict[str, dict[str, Any]] = {
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
        "description": "新任或调岗人员须接受廉洁风险交底：告知本人和部门负责人，到期前提醒",
        "recipients": [person("person_id"), head("department_id")],
        "template": "briefing_owed",
        "persons": {"person": "person_id"},
        "departments": {"department": "department_id"},
        "fields": ["due_on"],
        "deadlines": [BRIEFING],
    },
    "review-briefing-overdue": {
        "event_type": "lianfang.review.briefing.overdue",
        "description": "交底逾期未确认：告知本人，升级告知部门负责人和办公室",
        "recipients": [person("person_id"), head("department_id"), role("office")],
        "template": "briefing_overdue",
        "persons": {"person": "person_id"},
        "departments": {"department": "department_id"},
        "fields": ["due_on"],
    },
    "review-commitment-generated": {
        "event_type": "lianfang.review.commitment.generated",
        "description": "新的廉洁承诺书待签署：告知本人",
        "recipients": [person("person_id")],
        "template": "commitment_generated",
        "persons": {"person": "person_id"},
        "fields": ["version"],
    },
    "review-commitment-stale": {
        "event_type": "lianfang.review.commitment.stale",
        "description": "廉洁承诺需重新签订：告知本人和部门负责人，到期前提醒，逾期告知分管厂领导",
        "recipients": [person("person_id"), head("department_id")],
        "template": "commitment_stale",
        "persons": {"person": "person_id"},
        "departments": {"department": "department_id"},
        "fields": ["reason", "renew_by"],
        "deadlines": [RENEWAL],
    },
    "review-commitment-renewal-due": {
        "event_type": "lianfang.review.commitment.renewal_due",
        "description": "廉洁承诺即将到期：告知本人，到期前提醒，逾期告知分管厂领导",
        "recipients": [person("person_id")],
        "template": "commitment_renewal_due",
        "persons": {"person": "person_id"},
        "fields": ["renew_by"],
        "deadlines": [RENEWAL],
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
                "key_fields": ["inspection_id"],
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
                "key_fields": ["finding_id"],
            }
        ],
    },
}
