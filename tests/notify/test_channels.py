"""Each channel in the format its receiver expects, signed where the receiver checks it, in the
contact point's language; a receiver refusing the signature ends ``failed`` with its answer."""

from __future__ import annotations

import uuid

import pytest

from tests.notify.receivers import Hook, SmtpServer, WebhookServer
from tests.notify.support import applied, contact, envelope, publish, rows, settled
from tests.support import System

pytestmark = pytest.mark.integration

TITLE = "新部门已登记：财务部（CW）"
LINK = "https://portal.factory.example/inbox"


async def test_chat_robots_and_json_webhook_receive_signed_messages(
    notify: System, smtp: SmtpServer, hooks: WebhookServer
) -> None:
    s = notify
    robots = {
        "wecom": Hook(robot="wecom"),
        "dingtalk": Hook(robot="dingtalk", secret="SECdingtalk-0123456789"),
        "feishu": Hook(robot="feishu", secret="feishu-secret-abc"),
        "webhook": Hook(robot="webhook", secret="lianfang-shared-secret"),
    }
    for channel, hook in robots.items():
        url = hooks.add(f"/{channel}", hook)
        await contact(s, "role:office", channel, url, secret=hook.secret)
    wrong = Hook(robot="dingtalk", secret="SECthe-real-one")
    await contact(s, "role:office", "dingtalk", hooks.add("/wrong", wrong), secret="SECstale")
    await contact(s, "role:office", "email", "office@factory.example", locale="en")

    # The shipped rule tells the office in the inbox only; an admin opens it to every channel.
    admin = s.auth("admin", user="admin-1")
    rule = (
        await s.http.get("/api/v1/notify/rules/registry-department-created", headers=admin)
    ).json()
    body = {k: v for k, v in rule.items() if k not in ("id", "source")}
    body["channels"] = ["inbox", "email", "wecom", "dingtalk", "feishu", "webhook"]
    r = await s.http.put(
        "/api/v1/notify/rules/registry-department-created", json=body, headers=admin
    )
    assert r.status_code == 200, r.text
    assert r.json()["source"] == "customised"

    dept = {"department_id": str(uuid.uuid4()), "code": "CW", "name": "财务部", "parent_id": None}
    await publish(s.platform, envelope("lianfang.registry.department.created", dept))
    await applied(s, 1)
    done = {d["id"]: d for d in await settled(s, 6)}

    for channel, hook in robots.items():
        assert len(hook.delivered) == 1, (channel, hook.calls)
    assert robots["wecom"].calls[0].json == {
        "msgtype": "text",
        "text": {"content": f"{TITLE}\n{LINK}"},
    }
    ding = robots["dingtalk"].calls[0]
    assert ding.query["access_token"] == "tok3n-abcd" and ding.query["timestamp"].isdigit()
    assert ding.json == {"msgtype": "text", "text": {"content": f"{TITLE}\n{LINK}"}}
    feishu = robots["feishu"].calls[0].json
    assert feishu["msg_type"] == "text" and feishu["content"] == {"text": f"{TITLE}\n{LINK}"}
    generic = robots["webhook"].calls[0]
    assert generic.json["title"] == TITLE
    assert generic.json["event_type"] == "lianfang.registry.department.created"
    assert generic.headers["x-lianfang-delivery"] == str(generic.json["delivery_id"])

    failed = [d for d in done.values() if d["status"] == "failed"]
    assert len(failed) == 1 and len(wrong.calls) == 3
    assert failed[0]["last_error"] == "DingTalk answered errcode 310000: sign not match"

    # At rest the secrets are sealed: none is in the table as it was given.
    stored = [r["secret"] for r in rows(s, "SELECT secret FROM contact_points")]
    given = [h.secret for h in robots.values() if h.secret] + ["SECstale"]
    assert len([x for x in stored if x]) == len(given)
    assert not any(g in x for g in given for x in stored)

    (mail,) = smtp.mailbox.to("office@factory.example")
    assert mail["Subject"] == "New department registered: 财务部 (CW)"
    assert mail["From"] == "lianfang@factory.example"
    assert mail["Content-Language"] == "en"
    assert LINK in mail.get_content()

    # The office's inbox has it once, in the reader's language.
    office = s.auth("office", user="office-1")
    inbox = (await s.http.get("/api/v1/notify/inbox?lang=zh-Hant", headers=office)).json()
    assert [i["text"] for i in inbox["items"]] == [
        "新部門已登記：财务部（CW）"
    ]  # names stay as registered
