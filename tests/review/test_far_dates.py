"""A registry event the contract accepts, with a day at the end of the calendar (registry took
any year before its request bodies were bounded), is applied by review, not dead-lettered:
the briefing it makes owed falls due on the last day Python can hold."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from lianfang_shared.settings import PlatformSettings
from tests.notify.support import envelope, publish
from tests.support import System, eventually, running

pytestmark = pytest.mark.integration


async def test_an_appointment_effective_on_9999_12_31_is_applied(
    platform: PlatformSettings,
) -> None:
    quiet = platform.model_copy(update={"catchup_interval": 3600.0})
    person, post, dept = (str(uuid.uuid4()) for _ in range(3))
    appointed = {
        "person_id": person, "post_id": post, "department_id": dept, "effective_on": "9999-12-31"
    }  # fmt: skip
    async with running(quiet, ["review"]) as s:
        svc = s.services["review"]
        intake, consumer = svc.intake, svc.consumer
        assert intake is not None and consumer is not None
        await publish(quiet, envelope("lianfang.registry.person.appointed", appointed))
        await eventually(
            lambda: asyncio.sleep(0, result=consumer.applied + intake.dead_lettered >= 1),
            timeout=60,
        )
        assert intake.dead_lettered == 0
        dues = await eventually(lambda: _dues(s, person))
        assert [(d["effective_on"], d["due_on"]) for d in dues] == [("9999-12-31", "9999-12-31")]


async def _dues(s: System, person: str) -> list[dict[str, str]]:
    r = await s.http.get(
        "/api/v1/review/briefing-dues", params={"person_id": person}, headers=s.auth("office")
    )
    assert r.status_code == 200, r.text
    return list(r.json()["items"])
