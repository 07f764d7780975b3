"""The whistleblower's identity never reaches notify: no contract carries it, and a rule keeps
only the fields it names, so even a body that (wrongly) carried one leaves no trace."""

from __future__ import annotations

import json
import logging
import uuid
from datetime import date, timedelta

import pytest

from tests.notify.receivers import Hook, SmtpServer, WebhookServer
from tests.notify.support import applied, contact, envelope, publish, rows, settled
from tests.support import System

pytestmark = pytest.mark.integration

REPORTER, PHONE = "举报人王某某", "13800138000"
SERVICE_LOGGERS = ("lianfang", "faststream", "uvicorn", "httpx")


def everything_notify_stored(s: System) -> str:
    """Every row of every table in notify's schema, as text."""
    schema = s.services["notify"].db.schema
    tables = rows(
        s, "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", schema
    )
    return json.dumps(
        {t["table_name"]: rows(s, f'SELECT * FROM "{t["table_name"]}"') for t in tables},
        ensure_ascii=False,
        default=str,
    )


async def test_no_reporter_identity_anywhere(
    notify: System,
    smtp: SmtpServer,
    hooks: WebhookServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    s = notify
    admin = s.auth("admin", user="admin-1")
    dept = str(uuid.uuid4())
    hook = Hook()
    await contact(s, f"dept_head:{dept}", "email", "head@factory.example")
    await contact(s, "role:office", "email", "office@factory.example")
    await contact(s, "role:office", "webhook", hooks.add("/office", hook))

    # A warning as the warning service publishes it: it names the department, not the reporter.
    warning = {
        "warning_id": str(uuid.uuid4()),
        "case_id": str(uuid.uuid4()),
        "department_id": dept,
        "person_ids": [],
        "severity": "medium",
        "summary": "物资采购询价记录不全",
        "risk_point_ids": [],
        "respond_by": (date.today() + timedelta(days=3)).isoformat(),
        "rectify_by": (date.today() + timedelta(days=30)).isoformat(),
        "authority": "office",
    }
    await publish(s.platform, envelope("lianfang.warning.warning.issued", warning))

    # A rule an admin adds for a type carrying a body it should not: only named fields count.
    template = {"locales": {"zh-Hans": {"title": "新线索：{{ summary }}", "body": ""}}}
    r = await s.http.put("/api/v1/notify/templates/case-noted", json=template, headers=admin)
    assert r.status_code == 200, r.text
    rule = {
        "event_type": "lianfang.test.case.noted",
        "recipients": [{"kind": "role", "role": "office"}],
        "template": "case-noted",
        "fields": ["summary"],
    }
    r = await s.http.put("/api/v1/notify/rules/case-noted", json=rule, headers=admin)
    assert r.status_code == 200, r.text
    # A template cannot reach for a field its rule does not name.
    leaky = {"locales": {"zh-Hans": {"title": "{{ summary }}（{{ reporter_name }}）"}}}
    r = await s.http.put("/api/v1/notify/templates/case-noted", json=leaky, headers=admin)
    assert r.status_code == 422 and "reporter_name" in r.text
    body = {"summary": "采购问题线索", "reporter_name": REPORTER, "reporter_phone": PHONE}
    await publish(s.platform, envelope("lianfang.test.case.noted", body, service="warning"))

    await applied(s, 2)
    await settled(s, 3)
    (head_mail,) = smtp.mailbox.to("head@factory.example")
    assert head_mail["Subject"] == "廉洁风险预警（中）"
    assert "物资采购询价记录不全" in head_mail.get_content()
    (office_mail,) = smtp.mailbox.to("office@factory.example")
    assert office_mail["Subject"] == "新线索：采购问题线索"
    office = s.auth("office", user="office-1")
    inbox = (await s.http.get("/api/v1/notify/inbox", headers=office)).text

    traces = {
        "email": b"".join(smtp.mailbox.raw).decode(),
        "webhook": b"".join(c.body for c in hook.calls).decode(),
        "inbox": inbox,
        "database": everything_notify_stored(s),
        "logs": "\n".join(  # the service's own logs (not the test's producer or receivers)
            r.getMessage() for r in caplog.records if r.name.startswith(SERVICE_LOGGERS)
        ),
    }
    for where, text in traces.items():
        assert REPORTER not in text and PHONE not in text, where
    assert "采购问题线索" in traces["webhook"] and "采购问题线索" in traces["database"]
