"""A contact point that wants a daily digest gets one message a day instead of one per event."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import pytest

from lianfang_notify.clock import Clock
from lianfang_notify.config import NotifySettings
from lianfang_notify.workers.scheduler import last_digest_cutoff
from tests.notify.receivers import Hook, SmtpServer, WebhookServer
from tests.notify.support import applied, contact, envelope, publish, rows
from tests.notify.test_guarantees import needs_re_review
from tests.support import System, eventually

pytestmark = pytest.mark.integration


def statuses(s: System) -> list[tuple[str, str]]:
    found = rows(s, "SELECT channel, status FROM deliveries ORDER BY id")
    return [(d["channel"], d["status"]) for d in found]


async def test_digest_gathers_the_day_into_one_email(
    notify: System, smtp: SmtpServer, hooks: WebhookServer, clock: Clock
) -> None:
    s = notify
    dept = str(uuid.uuid4())
    hook = Hook()
    await contact(s, f"dept_head:{dept}", "email", "head@factory.example", digest=True)
    await contact(s, f"dept_head:{dept}", "webhook", hooks.add("/now", hook))
    department = {"department_id": dept, "code": "WZ", "name": "物资供应部", "parent_id": None}
    await publish(s.platform, envelope("lianfang.registry.department.created", department))
    await applied(s, 1)
    for _ in range(2):
        event = envelope("lianfang.review.risk_point.needs_re_review", needs_re_review(dept))
        await publish(s.platform, event)
    await applied(s, 3)

    expected = [("email", "held"), ("webhook", "sent"), ("email", "held"), ("webhook", "sent")]
    await eventually(lambda: asyncio.to_thread(lambda: statuses(s) == expected))
    assert len(hook.delivered) == 2 and smtp.mailbox.messages == []

    clock.advance(timedelta(days=1, hours=1))  # past the next digest time (08:00 local)
    (mail,) = await eventually(lambda: asyncio.sleep(0, result=smtp.mailbox.messages))
    settings = NotifySettings()
    _, day = last_digest_cutoff(clock.now(), settings)
    assert mail["Subject"] == f"廉防每日摘要（{day:%Y年%-m月%-d日}，共 2 条）"
    assert mail.get_content().splitlines()[:2] == ["· 【物资供应部】风险点需重新评审"] * 2
    gathered = [("email", "digested"), ("webhook", "sent")] * 2 + [("email", "sent")]
    await eventually(lambda: asyncio.to_thread(lambda: statuses(s) == gathered))

    # Later that day nothing more is gathered; the next event waits for tomorrow's digest.
    await publish(
        s.platform, envelope("lianfang.review.risk_point.needs_re_review", needs_re_review(dept))
    )
    await applied(s, 4)
    later = [*gathered, ("email", "held"), ("webhook", "sent")]
    await eventually(lambda: asyncio.to_thread(lambda: statuses(s) == later))
    assert len(hook.delivered) == 3 and len(smtp.mailbox.messages) == 1
