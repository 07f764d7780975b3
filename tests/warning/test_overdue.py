"""Overdue by time alone: when a deadline passes with its step undone, the warning records it
once (per due date) and publishes it for notify to escalate — nobody has to do anything.

The service's clock is moved forward instead of waiting days; the background scan (leader-only)
finds what fell due.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import pytest

from lianfang_shared.bus import events_topic
from lianfang_shared.envelope import Envelope
from lianfang_warning.clock import CLOCK
from tests.support import System, eventually, read_topic
from tests.warning.helpers import World, call, head, issued_warning, office
from tests.warning.helpers import today as service_today

pytestmark = pytest.mark.integration


def overdue_events(s: System, warning: str) -> list[tuple[str, str]]:
    """(deadline, due) of every Overdue event the warning has stored."""
    app = s.services["warning"].app
    return [
        (str(e.deadline), e.due.isoformat())
        for e in app.events.get(uuid.UUID(warning))
        if type(e).__name__ == "Overdue"
    ]


async def until_overdue(s: System, warning: str, count: int) -> list[tuple[str, str]]:
    """Wait (without acting) until the warning has ``count`` overdue events."""
    return await eventually(
        lambda: asyncio.to_thread(
            lambda: (o := overdue_events(s, warning)) and len(o) >= count and o
        )
    )


async def test_passed_deadlines_are_recorded_once_without_anyone_acting(
    system: System, world: World
) -> None:
    s, w = system, world
    today = service_today()
    _, warning = await issued_warning(s, w, respond_days=1, rectify_days=5)

    # Nothing is due yet: several scans pass and record nothing.
    await asyncio.sleep(1)
    assert overdue_events(s, warning) == []

    # Three days on, the department has not acknowledged: the response deadline has passed.
    CLOCK.advance(timedelta(days=3))
    found = await until_overdue(s, warning, 1)
    assert found == [("respond", str(today + timedelta(days=1)))]
    listed = (await call(s, "GET", "/warnings/overdue", office(s))).json()
    assert [(x["id"], x["respond_overdue"], x["rectify_overdue"]) for x in listed["items"]] == [
        (warning, True, False)
    ]

    # It is recorded once, however many scans pass.
    await asyncio.sleep(1)
    assert len(overdue_events(s, warning)) == 1

    # The department acknowledges late; a week on, the rectification is overdue too.
    await call(
        s,
        "POST",
        f"/warnings/{warning}/acknowledgement",
        head(s, w),
        204,
        json={"responsible_person_id": w.person("1001")},
    )
    CLOCK.advance(timedelta(days=4))
    found = await until_overdue(s, warning, 2)
    assert found[1] == ("rectify", str(today + timedelta(days=5)))

    # The office extends the deadline: a new due date that passes is reported again, once.
    await call(
        s,
        "POST",
        f"/warnings/{warning}/extensions",
        office(s),
        204,
        json={
            "deadline": "rectify",
            "due": str(today + timedelta(days=10)),
            "reason": "整改涉及招标",
        },
    )
    assert (await call(s, "GET", "/warnings/overdue", office(s))).json()["total"] == 0
    CLOCK.advance(timedelta(days=5))
    found = await until_overdue(s, warning, 3)
    assert found[2] == ("rectify", str(today + timedelta(days=10)))
    await asyncio.sleep(1)
    assert len(overdue_events(s, warning)) == 3

    # Published for notify: department, due date, responsible person; by the system.
    async def published() -> list[Envelope]:
        records = await read_topic(
            s.platform.kafka_bootstrap_servers, events_topic(s.platform, "warning"), 1
        )
        envelopes = [Envelope.from_kafka(r.headers, r.value) for r in records]
        late = [e for e in envelopes if e.type.endswith("overdue")]
        return late if len(late) == 3 else []

    late = await eventually(published)
    assert [e.type for e in late] == [
        "lianfang.warning.warning.acknowledgement_overdue",
        "lianfang.warning.rectification.overdue",
        "lianfang.warning.rectification.overdue",
    ]
    assert late[1].data["department_id"] == w.dept("WZ")
    assert late[1].data["responsible_person_id"] == w.person("1001")
    assert late[2].data["rectify_by"] == str(today + timedelta(days=10))
    assert {e.actor for e in late} == {"system:overdue"}

    # Once the record is in, nothing is overdue any more.
    wz = head(s, w)
    body = {"description": "补做比价复核", "done_on": str(today)}
    await call(s, "POST", f"/warnings/{warning}/actions", wz, 201, json=body)
    record = {
        "cause": "制度执行不严",
        "measures_taken": "补做复核",
        "result": "完成",
        "completed_on": str(today),
    }
    await call(s, "POST", f"/warnings/{warning}/record", wz, 204, json=record)
    assert (await call(s, "GET", "/warnings/overdue", office(s))).json()["total"] == 0
