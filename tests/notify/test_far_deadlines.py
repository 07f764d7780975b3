"""Deadlines at the ends of the calendar: an event the contract accepts (a finding due on
9999-12-31 or 0001-01-01, as review published before request bodies were bounded) is applied,
not dead-lettered. Stages that would fall outside Python's dates are skipped: a reminder
before 0001-01-01 would be long past, an escalation after 9999-12-31 would never fire."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from tests.notify.support import applied, envelope, publish, rows
from tests.support import System, eventually

pytestmark = pytest.mark.integration

FINDING = "lianfang.review.inspection.finding_assigned"


def finding(due_on: str) -> dict[str, str]:
    return {
        "inspection_id": str(uuid.uuid4()),
        "department_id": str(uuid.uuid4()),
        "finding_id": str(uuid.uuid4()),
        "item": "other",
        "description": "far deadline",
        "severity": "medium",
        "owner_person_id": str(uuid.uuid4()),
        "due_on": due_on,
    }


async def test_deadlines_at_the_calendar_ends_are_planned_not_dead_lettered(
    notify: System,
) -> None:
    s = notify
    latest, earliest, normal = finding("9999-12-31"), finding("0001-01-01"), finding("2999-12-31")
    await publish(s.platform, *(envelope(FINDING, d) for d in (latest, earliest, normal)))
    intake = s.services["notify"].intake
    assert intake is not None
    consumer = s.services["notify"].consumer
    await eventually(
        lambda: asyncio.sleep(0, result=consumer.applied + intake.dead_lettered >= 3), timeout=60
    )
    assert intake.dead_lettered == 0
    await applied(s, 3)

    def stages(d: dict[str, str]) -> list[str]:
        found = rows(s, "SELECT stage FROM schedules WHERE key = %s", d["finding_id"])
        return sorted(r["stage"] for r in found)

    # Reminders 3 and 1 days before, escalations at the deadline and 7 days after.
    assert stages(normal) == ["escalate-1", "escalate-2", "remind-P1D", "remind-P3D"]
    assert stages(latest) == ["escalate-1", "remind-P1D", "remind-P3D"]
    assert stages(earliest) == ["escalate-1", "escalate-2"]

    # The scheduler fires the escalations long due (and goes on).
    def settled() -> bool:
        found = rows(s, "SELECT status FROM schedules WHERE key = %s", earliest["finding_id"])
        return {r["status"] for r in found} == {"fired"}

    await eventually(lambda: asyncio.to_thread(settled), timeout=30)
