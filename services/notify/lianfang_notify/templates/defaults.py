"""The shipped templates (data): a title and a body per language; admins may override them.

Names a template may use: the fields and names of the rules that use it, and ``event_type``,
``occurred_at``, ``due_at``, ``stage``, ``notice`` (the original title, in reminders and
escalations), ``level`` and ``portal_url``. Filters: ``dt`` (a date or time in the
service's time zone), ``label`` (words for a code), and jinja2's own (``truncate``...).
"""

from __future__ import annotations

from typing import Any

T = dict[str, dict[str, str]]


def t(hans: tuple[str, str], hant: tuple[str, str], en: tuple[str, str]) -> T:
    return {
        "zh-Hans": {"title": hans[0], "body": hans[1]},
        "zh-Hant": {"title": hant[0], "body": hant[1]},
        "en": {"title": en[0], "body": en[1]},
    }


D = "{% if department %}【{{ department }}】{% endif %}"
D_EN = "{% if department %}[{{ department }}] {% endif %}"
DESC = "{% if description %}：{{ description|truncate(40) }}{% endif %}"
DESC_EN = "{% if description %}: {{ description|truncate(40) }}{% endif %}"

TEMPLATES: dict[str, T] = {
    "department_created": t(
        ("新部门已登记：{{ name }}（{{ code }}）", ""),
        ("新部門已登記：{{ name }}（{{ code }}）", ""),
        ("New department registered: {{ name }} ({{ code }})", ""),
    ),
    "risk_point_needs_re_review": t(
        (D + "风险点需重新评审" + DESC, "原因：{{ cause|label }}。{{ reason }}"),
        (D + "風險點需重新評審" + DESC, "原因：{{ cause|label }}。{{ reason }}"),
        (D_EN + "risk point to review again" + DESC_EN, "Why: {{ cause|label }}. {{ reason }}"),
    ),
    "approval_requested": t(
        (
            D + "风险点待您审核" + DESC,
            "审核层级：{{ approver.role|label }}；等级：{{ grade|label }}",
        ),
        (
            D + "風險點待您審核" + DESC,
            "審核層級：{{ approver.role|label }}；等級：{{ grade|label }}",
        ),
        (
            D_EN + "risk point awaiting your approval" + DESC_EN,
            "Approver: {{ approver.role|label }}; grade: {{ grade|label }}",
        ),
    ),
    "approval_given": t(
        (D + "风险点已审核通过" + DESC, "{{ approver.role|label }}审核通过。{{ comment }}"),
        (D + "風險點已審核通過" + DESC, "{{ approver.role|label }}審核通過。{{ comment }}"),
        (
            D_EN + "risk point approved" + DESC_EN,
            "Approved by the {{ approver.role|label }}. {{ comment }}",
        ),
    ),
    "approval_returned": t(
        (D + "风险点被退回修改" + DESC, "{{ approver.role|label }}意见：{{ comment }}"),
        (D + "風險點被退回修改" + DESC, "{{ approver.role|label }}意見：{{ comment }}"),
        (
            D_EN + "risk point returned for changes" + DESC_EN,
            "{{ approver.role|label }}: {{ comment }}",
        ),
    ),
    "briefing_owed": t(
        ("{{ person }} 须接受新岗位廉洁风险交底", D + "请于 {{ due_on|dt }} 前完成交底并确认。"),
        ("{{ person }} 須接受新崗位廉潔風險交底", D + "請於 {{ due_on|dt }} 前完成交底並確認。"),
        (
            "{{ person }} owes an integrity-risk briefing for the new post",
            D_EN + "Please complete and acknowledge it by {{ due_on|dt }}.",
        ),
    ),
    "briefing_overdue": t(
        ("{{ person }} 的新岗位廉洁风险交底已逾期", D + "应于 {{ due_on|dt }} 前完成交底并确认。"),
        ("{{ person }} 的新崗位廉潔風險交底已逾期", D + "應於 {{ due_on|dt }} 前完成交底並確認。"),
        (
            "{{ person }}'s integrity-risk briefing is overdue",
            D_EN + "It was due by {{ due_on|dt }}.",
        ),
    ),
    "commitment_generated": t(
        ("{{ person }} 的廉洁承诺书（第 {{ version }} 版）待签署", "请在门户中阅读并签署。"),
        ("{{ person }} 的廉潔承諾書（第 {{ version }} 版）待簽署", "請在門戶中閱讀並簽署。"),
        (
            "{{ person }}'s integrity commitment (version {{ version }}) awaits signature",
            "Please read and sign it in the portal.",
        ),
    ),
    "commitment_renewal_due": t(
        ("{{ person }} 的廉洁承诺即将到期", "请于 {{ renew_by|dt }} 前签署新的承诺。"),
        ("{{ person }} 的廉潔承諾即將到期", "請於 {{ renew_by|dt }} 前簽署新的承諾。"),
        (
            "{{ person }}'s integrity commitment runs out",
            "Please sign a new one by {{ renew_by|dt }}.",
        ),
    ),
    "commitment_stale": t(
        (
            "{{ person }} 的廉洁承诺需重新签订",
            "原因：{{ reason }}。请于 {{ renew_by|dt }} 前重新签订。",
        ),
        (
            "{{ person }} 的廉潔承諾需重新簽訂",
            "原因：{{ reason }}。請於 {{ renew_by|dt }} 前重新簽訂。",
        ),
        (
            "{{ person }}'s integrity commitment must be renewed",
            "Why: {{ reason }}. Please sign again by {{ renew_by|dt }}.",
        ),
    ),
    "inspection_planned": t(
        (D + "{{ quarter }} 季度监督检查", "请于 {{ due_on|dt }} 前完成检查。"),
        (D + "{{ quarter }} 季度監督檢查", "請於 {{ due_on|dt }} 前完成檢查。"),
        (D_EN + "quarterly inspection {{ quarter }}", "Please complete it by {{ due_on|dt }}."),
    ),
    "inspection_finding_assigned": t(
        (
            D + "检查发现问题待整改" + DESC,
            "严重程度：{{ severity|label }}；期限：{{ due_on|dt }}",
        ),
        (
            D + "檢查發現問題待整改" + DESC,
            "嚴重程度：{{ severity|label }}；期限：{{ due_on|dt }}",
        ),
        (
            D_EN + "inspection finding to follow up" + DESC_EN,
            "Severity: {{ severity|label }}; due {{ due_on|dt }}",
        ),
    ),
    "warning_issued": t(
        (
            D + "廉洁风险预警（{{ severity|label }}）",
            "{{ summary }}\n请于 {{ respond_by|dt }} 前响应，{{ rectify_by|dt }} 前完成整改。",
        ),
        (
            D + "廉潔風險預警（{{ severity|label }}）",
            "{{ summary }}\n請於 {{ respond_by|dt }} 前響應，{{ rectify_by|dt }} 前完成整改。",
        ),
        (
            D_EN + "integrity-risk warning ({{ severity|label }})",
            "{{ summary }}\nRespond by {{ respond_by|dt }}; rectify by {{ rectify_by|dt }}.",
        ),
    ),
    "deadline_extended": t(
        (
            D + "廉洁风险预警期限已调整",
            "{{ reason }}\n响应期限：{{ respond_by|dt }}；整改期限：{{ rectify_by|dt }}",
        ),
        (
            D + "廉潔風險預警期限已調整",
            "{{ reason }}\n響應期限：{{ respond_by|dt }}；整改期限：{{ rectify_by|dt }}",
        ),
        (
            D_EN + "warning deadlines moved",
            "{{ reason }}\nRespond by {{ respond_by|dt }}; rectify by {{ rectify_by|dt }}.",
        ),
    ),
    "acknowledgement_overdue": t(
        (D + "廉洁风险预警逾期未响应", "响应期限：{{ respond_by|dt }}"),
        (D + "廉潔風險預警逾期未響應", "響應期限：{{ respond_by|dt }}"),
        (D_EN + "integrity-risk warning not acknowledged in time", "Due: {{ respond_by|dt }}"),
    ),
    "rectification_overdue": t(
        (D + "预警整改已逾期", "整改期限：{{ rectify_by|dt }}"),
        (D + "預警整改已逾期", "整改期限：{{ rectify_by|dt }}"),
        (D_EN + "rectification overdue", "Due: {{ rectify_by|dt }}"),
    ),
    "rectification_returned": t(
        (D + "整改报告被退回", "退回原因：{{ reason }}\n整改期限：{{ rectify_by|dt }}"),
        (D + "整改報告被退回", "退回原因：{{ reason }}\n整改期限：{{ rectify_by|dt }}"),
        (D_EN + "rectification report returned", "Why: {{ reason }}\nDue: {{ rectify_by|dt }}"),
    ),
    "disposal_measure_applied": t(
        (D + "处置措施：{{ measure|label }}", "{{ reason }}"),
        (D + "處置措施：{{ measure|label }}", "{{ reason }}"),
        (D_EN + "disposal measure: {{ measure|label }}", "{{ reason }}"),
    ),
    "reminder": t(
        ("提醒：{{ notice }}", "截止时间：{{ due_at|dt }}，请按时办理。"),
        ("提醒：{{ notice }}", "截止時間：{{ due_at|dt }}，請按時辦理。"),
        ("Reminder: {{ notice }}", "Due {{ due_at|dt }}."),
    ),
    "escalation": t(
        (
            "已逾期：{{ notice }}",
            "截止时间 {{ due_at|dt }} 已过，至今未办结（第 {{ level }} 级提醒）。",
        ),
        (
            "已逾期：{{ notice }}",
            "截止時間 {{ due_at|dt }} 已過，至今未辦結（第 {{ level }} 級提醒）。",
        ),
        (
            "Overdue: {{ notice }}",
            "It was due {{ due_at|dt }} and is still open (level {{ level }}).",
        ),
    ),
    "digest": t(
        (
            "廉防每日摘要（{{ day|dt }}，共 {{ count }} 条）",
            "{% for item in items %}· {{ item }}\n{% endfor %}",
        ),
        (
            "廉防每日摘要（{{ day|dt }}，共 {{ count }} 條）",
            "{% for item in items %}· {{ item }}\n{% endfor %}",
        ),
        (
            "Lianfang daily digest ({{ day|dt }}, {{ count }})",
            "{% for item in items %}· {{ item }}\n{% endfor %}",
        ),
    ),
}

# Templates used by the scheduler and the digest rather than by a rule's ``template``.
SYSTEM: dict[str, frozenset[str]] = {
    "reminder": frozenset({"notice", "due_at", "level", "stage", "event_type", "portal_url"}),
    "escalation": frozenset({"notice", "due_at", "level", "stage", "event_type", "portal_url"}),
    "digest": frozenset({"day", "count", "items", "portal_url"}),
}


def default_templates() -> dict[str, Any]:
    """The shipped templates by key."""
    return TEMPLATES
