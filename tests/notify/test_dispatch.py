"""The dispatcher sends what is filed at once, not at its next look: a trigger on the
deliveries table wakes it, and a burst larger than its concurrency goes out at the channel's
pace. The looks are an hour apart here, so only the wake-ups can send anything before
``settled`` gives up (30 s)."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from lianfang_shared.settings import PlatformSettings
from tests.notify.receivers import SmtpServer
from tests.notify.support import applied, contact, envelope, publish, settled
from tests.notify.test_guarantees import needs_re_review
from tests.support import running

pytestmark = pytest.mark.integration

HOUR = "3600"
NEEDS_RE_REVIEW = "lianfang.review.risk_point.needs_re_review"


@pytest.fixture
def rare_looks(monkeypatch: pytest.MonkeyPatch, notify_env: None) -> None:
    monkeypatch.setenv("LIANFANG_NOTIFY_DISPATCH_INTERVAL", HOUR)
    monkeypatch.setenv("LIANFANG_NOTIFY_SCHEDULE_INTERVAL", HOUR)


async def department(platform: PlatformSettings, dept: str, code: str) -> None:
    body = {"department_id": dept, "code": code, "name": f"部门{code}", "parent_id": None}
    await publish(platform, envelope("lianfang.registry.department.created", body))


async def test_a_filed_delivery_is_sent_without_waiting_for_the_next_look(
    quiet: PlatformSettings, rare_looks: None, smtp: SmtpServer
) -> None:
    dept = str(uuid.uuid4())
    async with running(quiet, ["notify"]) as s:
        await department(s.platform, dept, "WZ")
        await applied(s, 1)
        await contact(s, f"dept_head:{dept}", "email", "head-wz@factory.example")
        await asyncio.sleep(1)  # the worker has made its first look and waits an hour
        event = envelope(NEEDS_RE_REVIEW, needs_re_review(dept))
        await publish(s.platform, event)
        assert [d["status"] for d in await settled(s, 1)] == ["sent"]
    assert len(smtp.mailbox.to("head-wz@factory.example")) == 1


async def test_a_burst_beyond_the_concurrency_goes_out_without_waiting(
    quiet: PlatformSettings,
    rare_looks: None,
    smtp: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LIANFANG_NOTIFY_DISPATCH_CONCURRENCY", "2")
    depts = [str(uuid.uuid4()) for _ in range(7)]
    async with running(quiet, ["notify"]) as s:
        for i, dept in enumerate(depts):
            await department(s.platform, dept, f"B{i}")
        await applied(s, len(depts))
        for i, dept in enumerate(depts):
            await contact(s, f"dept_head:{dept}", "email", f"head-{i}@factory.example")
        await asyncio.sleep(1)
        events = [envelope(NEEDS_RE_REVIEW, needs_re_review(d)) for d in depts]
        await publish(s.platform, *events)  # filed in one or a few transactions
        found = await settled(s, len(depts))
        assert [d["status"] for d in found] == ["sent"] * len(depts)
    assert sorted(m["To"] for m in smtp.mailbox.messages) == sorted(
        f"head-{i}@factory.example" for i in range(len(depts))
    )
