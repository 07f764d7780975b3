"""Shipped rules for warning's events: warnings, their deadlines, overdue notices, returns and
disposal measures: to the inbox and personal email only, never to a chat group."""

from __future__ import annotations

from typing import Any

from lianfang_notify.rules.vocabulary import INBOX_EMAIL, head, leader, person, role

WARNING_CLOSED = ["lianfang.warning.warning.withdrawn", "lianfang.warning.warning.closed"]
# A warning's two deadlines; the rules that set or move them share these names.
WARNING_RESPONSE = {
    "name": "warning-response",
    "field": "respond_by",
    "remind_before": ["PT8H"],
    "cancel_on": ["lianfang.warning.warning.acknowledged", *WARNING_CLOSED],
    "key_fields": ["warning_id"],
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
    "key_fields": ["warning_id"],
}
WARNING: dict[str, dict[str, Any]] = {
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
