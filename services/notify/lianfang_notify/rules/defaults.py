"""The rules notify ships with (data). Admins override, disable or add rules through the API.

Event types of services that do not publish yet simply never fire. Warnings, disposal
measures and their overdue notifications go only to the inbox and to personal email: never to
a chat group. Nothing here reads a reporter's identity: no contract carries it.
"""

from __future__ import annotations

from typing import Any

from lianfang_notify.rules.model import RuleRecord
from lianfang_notify.rules.review_rules import REVIEW
from lianfang_notify.rules.vocabulary import role
from lianfang_notify.rules.warning_rules import WARNING

REGISTRY: dict[str, dict[str, Any]] = {
    "registry-department-created": {
        "event_type": "lianfang.registry.department.created",
        "description": "新部门登记后告知廉洁风险防控办公室和管理员",
        "recipients": [role("office"), role("admin")],
        "channels": ["inbox"],
        "template": "department_created",
        "fields": ["name", "code"],
    },
}
RULES: dict[str, dict[str, Any]] = {**REGISTRY, **REVIEW, **WARNING}


def default_rules() -> dict[str, RuleRecord]:
    """The shipped rules, validated."""
    return {
        rule_id: RuleRecord.model_validate({**body, "id": rule_id, "source": "default"})
        for rule_id, body in RULES.items()
    }


DEFAULTS = default_rules()
