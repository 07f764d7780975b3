"""Deadlines as data: reminders before, escalations to the next level up after (the leader in
charge from registry's 分管, then the office), nothing once the thing is done."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest

from lianfang_notify.clock import Clock
from lianfang_notify.config import NotifySettings
from lianfang_shared.envelope import Envelope
from tests.notify.receivers import SmtpServer
from tests.notify.support import applied, bearer, contact, envelope, publish, rows
from tests.support import System, eventually

pytestmark = pytest.mark.integration

TASK_RULE = {
    "event_type": "lianfang.test.task.assigned",
    "description": "a task with a deadline (a type no service publishes: rules are data)",
    "recipients": [{"kind": "person", "field": "owner_id"}],
    "template": "task-assigned",
    "fields": ["title", "due_on"],
    "departments": {"department": "department_id"},
    "deadlines": [
        {
            "name": "task",
            "field": "due_on",
            "remind_before": ["P1D"],
            "escalations": [
                {"after": "PT0S", "to": [{"kind": "leader_in_charge", "field": "department_id"}]},
                {"after": "P2D", "to": [{"kind": "role", "role": "office"}]},
            ],
            "cancel_on": ["lianfang.test.task.done"],
            "key_fields": ["task_id"],
        }
    ],
}
TEMPLATE = {
    "locales": {
        "zh-Hans": {"title": "【{{ department }}】{{ title }}", "body": "期限：{{ due_on|dt }}"},
        "en": {"title": "[{{ department }}] {{ title }}", "body": "Due {{ due_on|dt }}"},
    }
}


async def stages(s: System, task: str) -> dict[str, str]:
    found = rows(s, "SELECT stage, status FROM schedules WHERE key = %s ORDER BY stage", task)
    return {r["stage"]: r["status"] for r in found}


async def test_overdue_task_escalates_to_the_leader_in_charge_then_the_office(
    notify: System, smtp: SmtpServer, clock: Clock
) -> None:
    s = notify
    admin = s.auth("admin", user="admin-1")
    dept, leader, owner = (str(uuid.uuid4()) for _ in range(3))
    await publish(
        s.platform,
        envelope(
            "lianfang.registry.department.created",
            {"department_id": dept, "code": "CW", "name": "财务部", "parent_id": None},
        ),
        envelope(
            "lianfang.registry.person.created",
            {"person_id": leader, "staff_no": "L001", "name": "王分管", "rank": "leader"},
        ),
        envelope(
            "lianfang.registry.leader.in_charge_set",
            {"person_id": leader, "department_ids": [dept]},
        ),
    )
    r = await s.http.put("/api/v1/notify/templates/task-assigned", json=TEMPLATE, headers=admin)
    assert r.status_code == 200, r.text
    r = await s.http.put("/api/v1/notify/rules/task-follow-up", json=TASK_RULE, headers=admin)
    assert r.status_code == 200, r.text
    await contact(s, f"person:{leader}", "email", "leader@factory.example")
    await applied(s, 3)

    zone = NotifySettings().zone
    due_on = datetime.now(zone).date() + timedelta(days=3)
    late, done, early = (str(uuid.uuid4()) for _ in range(3))

    def assigned(task: str, title: str) -> Envelope:
        body = {"task_id": task, "owner_id": owner, "department_id": dept, "title": title}
        body["due_on"] = due_on.isoformat()
        return envelope("lianfang.test.task.assigned", body, service="warning", subject=task)

    def finished(task: str, at: datetime) -> Envelope:
        body = {"task_id": task}
        return envelope("lianfang.test.task.done", body, service="warning", subject=task, time=at)

    now = datetime.now(zone)
    await publish(
        s.platform,
        assigned(late, "采购合同复核"),
        assigned(done, "报销单据整改"),
        finished(done, now + timedelta(seconds=1)),
        # Done before its assignment arrives (catch-up after a broker lost the assignment).
        finished(early, now + timedelta(minutes=1)),
        assigned(early, "档案移交"),
    )
    await applied(s, 8)
    assert await stages(s, done) == {
        "escalate-1": "cancelled",
        "escalate-2": "cancelled",
        "remind-P1D": "cancelled",
    }
    assert await stages(s, early) == {}
    assert await stages(s, late) == {
        "escalate-1": "pending",
        "escalate-2": "pending",
        "remind-P1D": "pending",
    }

    # An hour past the deadline: the reminder is superseded by the escalation to the leader.
    due = datetime.combine(due_on, NotifySettings().deadline_time, zone)
    clock.advance(due + timedelta(hours=1) - datetime.now(zone))

    async def escalated() -> bool:
        return (await stages(s, late)) == {
            "escalate-1": "fired",
            "escalate-2": "pending",
            "remind-P1D": "superseded",
        }

    await eventually(escalated)
    leader_inbox = bearer(s, "leader", user="wang", person_id=leader)
    items = (await s.http.get("/api/v1/notify/inbox", headers=leader_inbox)).json()["items"]
    assert [(i["stage"], i["text"]) for i in items] == [
        ("escalation", "已逾期：【财务部】采购合同复核")
    ]
    assert (
        items[0]["body"]
        == f"截止时间 {due_on:%Y年%-m月%-d日} 18:00 已过，至今未办结（第 1 级提醒）。"
    )
    (mail,) = await eventually(lambda: _mails(smtp, "leader@factory.example"))
    assert mail["Subject"] == "已逾期：【财务部】采购合同复核"

    office = s.auth("office", user="office-1")
    assert (await s.http.get("/api/v1/notify/inbox", headers=office)).json()["total"] == 1
    clock.advance(timedelta(days=2))
    await eventually(lambda: _office_escalated(s, office))
    owner_inbox = bearer(s, "dept_staff", user="li", person_id=owner)
    texts = [
        i["text"]
        for i in (await s.http.get("/api/v1/notify/inbox", headers=owner_inbox)).json()["items"]
    ]
    assert sorted(texts) == [
        "【财务部】报销单据整改",
        "【财务部】档案移交",
        "【财务部】采购合同复核",
    ]
    pending = (await s.http.get("/api/v1/notify/schedules?status=pending", headers=office)).json()
    assert pending == []


async def _mails(smtp: SmtpServer, to: str) -> list[object]:
    return list(smtp.mailbox.to(to))


async def _office_escalated(s: System, headers: dict[str, str]) -> bool:
    items = (await s.http.get("/api/v1/notify/inbox", headers=headers)).json()["items"]
    return any(i["stage"] == "escalation" and "第 2 级" in i["body"] for i in items)
