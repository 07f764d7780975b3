"""What the issue asks to be shown: once per (event, recipient, channel) under redelivery and
restart; retries ending sent or visibly failed without holding up email; a reminder that fell
due while the service was down is sent once after it is back."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest

from lianfang_notify.clock import Clock
from lianfang_notify.config import NotifySettings
from lianfang_shared.settings import PlatformSettings
from tests.notify.receivers import Hook, SmtpServer, WebhookServer
from tests.notify.support import (
    applied,
    contact,
    duplicates,
    envelope,
    fresh_group,
    publish,
    rows,
    settled,
)
from tests.support import System, eventually, running

pytestmark = pytest.mark.integration


def needs_re_review(department: str) -> dict[str, object]:
    """A body of review's ``risk_point.needs_re_review`` contract."""
    return {
        "risk_point_id": str(uuid.uuid4()),
        "owner": {"department_id": department, "post_id": None, "person_id": None, "scope": "post"},
        "cause": "power_amended",
        "reason": "职权“物资采购审批”已修订",
        "source_event_id": str(uuid.uuid4()),
    }


async def test_an_event_delivered_twice_sends_one_email_and_one_webhook_call(
    quiet: PlatformSettings,
    notify_env: None,
    smtp: SmtpServer,
    hooks: WebhookServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dept = str(uuid.uuid4())
    event = envelope("lianfang.review.risk_point.needs_re_review", needs_re_review(dept))
    hook = Hook()
    department = {"department_id": dept, "code": "WZ", "name": "物资供应部", "parent_id": None}
    async with running(quiet, ["notify"]) as s:
        await publish(s.platform, envelope("lianfang.registry.department.created", department))
        await applied(s, 1)
        await contact(s, f"dept_head:{dept}", "email", "head-wz@factory.example")
        await contact(s, f"dept_head:{dept}", "webhook", hooks.add("/wz", hook))
        await publish(s.platform, event, partition=0)
        await publish(s.platform, event, partition=1)  # the same event again, elsewhere
        await duplicates(s, 1)
        assert [d["status"] for d in await settled(s, 2)] == ["sent", "sent"]

    # Restarted with its offsets lost, notify is sent everything again, and once more.
    fresh_group(monkeypatch, quiet)
    async with running(quiet, ["notify"]) as s:
        await publish(s.platform, event)
        await duplicates(s, 4)
        assert s.services["notify"].consumer.applied == 0
        await settled(s, 2)
        assert len(rows(s, "SELECT id FROM notifications WHERE event_id = %s", event.id)) == 1

    assert len(smtp.mailbox.to("head-wz@factory.example")) == 1
    assert len(hook.calls) == 1
    mail = smtp.mailbox.messages[0]
    assert mail["Subject"] == "【物资供应部】风险点需重新评审"
    assert "原因：权力事项已修订。职权“物资采购审批”已修订" in mail.get_content()
    assert hook.calls[0].json["title"] == mail["Subject"]


async def test_a_flaky_receiver_gets_one_success_and_a_dead_one_fails_visibly(
    notify: System, smtp: SmtpServer, hooks: WebhookServer
) -> None:
    s = notify
    dept = str(uuid.uuid4())
    flaky, dead = Hook(failures=2), Hook(robot="dingtalk", failures=99, fail_status=503)
    await contact(s, f"dept_head:{dept}", "webhook", hooks.add("/flaky", flaky))
    await contact(s, f"dept_head:{dept}", "dingtalk", hooks.add("/dead", dead))
    await contact(s, f"dept_head:{dept}", "email", "head@factory.example")
    await publish(
        s.platform, envelope("lianfang.review.risk_point.needs_re_review", needs_re_review(dept))
    )

    by_channel = {d["channel"]: d for d in await settled(s, 3)}
    assert len(flaky.calls) == 3 and len(flaky.delivered) == 1
    assert (by_channel["webhook"]["status"], by_channel["webhook"]["attempts"]) == ("sent", 3)
    assert len(dead.calls) == 3 and not dead.delivered
    assert by_channel["dingtalk"]["status"] == "failed"
    assert "HTTP 503" in by_channel["dingtalk"]["last_error"]
    assert by_channel["email"]["status"] == "sent"
    assert len(smtp.mailbox.to("head@factory.example")) == 1

    ops = s.auth("office", user="office-1")
    failed = (
        await s.http.get("/api/v1/notify/deliveries", params={"status": "failed"}, headers=ops)
    ).json()
    assert [(f["channel"], f["address"]) for f in failed] == [("dingtalk", f"dept_head:{dept}")]
    detail = (await s.http.get(f"/api/v1/notify/deliveries/{failed[0]['id']}", headers=ops)).json()
    assert [(a["attempt"], a["ok"]) for a in detail["history"]] == [
        (1, False),
        (2, False),
        (3, False),
    ]
    assert all("HTTP 503" in a["detail"] for a in detail["history"])
    flaky_id = by_channel["webhook"]["id"]
    history = (await s.http.get(f"/api/v1/notify/deliveries/{flaky_id}", headers=ops)).json()[
        "history"
    ]
    assert [(a["ok"], a["detail"][:8]) for a in history] == [
        (False, "HTTP 500"),
        (False, "HTTP 500"),
        (True, "sent"),
    ]

    summary = (await s.http.get("/api/v1/notify/deliveries/summary", headers=ops)).json()
    assert summary["deliveries"] == {
        "dingtalk": {"failed": 1},
        "email": {"sent": 1},
        "webhook": {"sent": 1},
    }

    # Once the receiver is fixed, an admin sends the failed one again.
    dead.failures = 0
    r = await s.http.post(
        f"/api/v1/notify/deliveries/{failed[0]['id']}/retry", headers=s.auth("admin")
    )
    assert r.status_code == 204
    await eventually(lambda: asyncio.sleep(0, result=len(dead.delivered) == 1))
    r = await s.http.post(
        f"/api/v1/notify/deliveries/{failed[0]['id']}/retry", headers=s.auth("admin")
    )
    assert r.status_code in (409, 204)  # 409 once it is sent: only failed ones are retried


def warning_issued(dept: str, respond_by: date) -> dict[str, object]:
    """A body of warning's ``warning.issued``: like every contract, it names no reporter."""
    return {
        "warning_id": str(uuid.uuid4()),
        "case_id": str(uuid.uuid4()),
        "department_id": dept,
        "person_ids": [],
        "severity": "high",
        "summary": "物资采购询价记录不全",
        "risk_point_ids": [],
        "respond_by": respond_by.isoformat(),
        "rectify_by": (respond_by + timedelta(days=60)).isoformat(),
        "authority": "office",
    }


async def test_a_reminder_due_while_stopped_is_sent_once_after_restart(
    quiet: PlatformSettings,
    notify_env: None,
    smtp: SmtpServer,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dept = str(uuid.uuid4())
    zone = NotifySettings().zone
    respond_by = datetime.now(zone).date() + timedelta(days=2)
    # Due at 18:00 local that day; the default rule reminds 8 hours before, at 10:00.
    reminder_at = datetime.combine(respond_by, time(10, 0), zone)
    event = envelope("lianfang.warning.warning.issued", warning_issued(dept, respond_by))
    async with running(quiet, ["notify"]) as s:
        await contact(s, f"dept_head:{dept}", "email", "head@factory.example")
        await publish(s.platform, event)
        await applied(s, 1)
        await settled(s, 1)
        stages = rows(
            s,
            "SELECT stage, status, fire_at FROM schedules WHERE deadline = %s",
            "warning-response",
        )
        assert stages == [{"stage": "remind-PT8H", "status": "pending", "fire_at": reminder_at}]

    # The reminder falls due while notify is stopped.
    clock.advance(reminder_at - datetime.now(UTC) + timedelta(minutes=1))
    for _ in range(2):  # and a second restart sends nothing more
        fresh_group(monkeypatch, quiet)
        async with running(quiet, ["notify"]) as s:
            await duplicates(s, 1)
            await settled(s, 2)
            fired = rows(s, "SELECT status FROM schedules WHERE deadline = %s", "warning-response")
            assert fired == [{"status": "fired"}]

    mails = smtp.mailbox.to("head@factory.example")
    assert [m["Subject"] for m in mails] == ["廉洁风险预警（高）", "提醒：廉洁风险预警（高）"]
    assert f"截止时间：{respond_by:%Y年%-m月%-d日} 18:00，请按时办理。" in mails[1].get_content()
