"""Notify files the notices of a consumer's run with one statement before its commit (the
consumer's flush), the same rows as one at a time; outside a consumer's run, at once."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from lianfang_notify.store import notifications
from lianfang_shared.settings import PlatformSettings
from tests.notify.support import applied, contact, envelope, publish, rows
from tests.notify.test_guarantees import needs_re_review
from tests.support import running

pytestmark = pytest.mark.integration


async def test_a_run_files_its_notices_with_one_statement(
    quiet: PlatformSettings, notify_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    filed: list[list[str]] = []
    file_all = notifications.file_all

    def spy(conn: Any, notices: Any) -> None:
        filed.append([n.event_id for n in notices])
        file_all(conn, notices)

    monkeypatch.setattr(notifications, "file_all", spy)
    dept = str(uuid.uuid4())
    department = {"department_id": dept, "code": "CW", "name": "财务部", "parent_id": None}
    async with running(quiet, ["notify"]) as s:
        await publish(s.platform, envelope("lianfang.registry.department.created", department))
        await applied(s, 1)
        await contact(s, f"dept_head:{dept}", "email", "head-cw@factory.example")
        await contact(s, f"dept_head:{dept}", "webhook", "http://127.0.0.1:9/unused")
        consumer = s.services["notify"].consumer
        assert consumer is not None
        filed.clear()
        events = [
            envelope("lianfang.review.risk_point.needs_re_review", needs_re_review(dept))
            for _ in range(notifications.FILE_ALL_FROM)
        ]

        taken = await asyncio.to_thread(consumer.apply_run, events)
        assert taken == (len(events), len(events), None)
        assert filed == [[e.id for e in events]]  # the run's notices in one statement
        found = rows(
            s,
            "SELECT n.id, n.event_id, n.address, n.inbox, array_agg(d.channel ORDER BY "
            "d.channel) AS channels FROM notifications n JOIN deliveries d "
            "ON d.notification_id = n.id WHERE n.event_id = ANY(%s) GROUP BY n.id ORDER BY n.id",
            [e.id for e in events],
        )
        assert [r["event_id"] for r in found] == [e.id for e in events]  # in the run's order
        assert {r["address"] for r in found} == {f"dept_head:{dept}"}
        assert all(r["inbox"] and r["channels"] == ["email", "webhook"] for r in found)

        # Again: duplicates, nothing filed. On its own path (catch-up, retries) one notice
        # goes in a statement of its own (fewer than FILE_ALL_FROM), before the commit too.
        assert await asyncio.to_thread(consumer.apply_run, events) == (len(events), 0, None)
        alone = envelope("lianfang.review.risk_point.needs_re_review", needs_re_review(dept))
        assert await asyncio.to_thread(consumer.apply, alone)
        assert filed == [[e.id for e in events]]
        mine = rows(
            s,
            "SELECT d.channel FROM notifications n JOIN deliveries d ON d.notification_id = n.id "
            "WHERE n.event_id = %s ORDER BY d.channel",
            alone.id,
        )
        assert [r["channel"] for r in mine] == ["email", "webhook"]

        # Outside a consumer's transaction a deferred notice is filed at once.
        notice = notifications.Notification(
            event_id="outside",
            event_type="t",
            rule_id="r",
            stage="event",
            address=f"dept_head:{dept}",
            template="x",
            context={},
            subject="s",
            channels=["inbox", "email"],
        )
        with s.services["notify"].db.transaction() as conn:
            notifications.defer(conn, notice)
            assert conn.execute(
                "SELECT count(*) AS n FROM notifications WHERE event_id = 'outside'"
            ).fetchone() == {"n": 1}
