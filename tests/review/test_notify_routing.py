"""Review's duties reach people through notify's shipped rules: a transfer puts the briefing
owed and the commitment to renew in the person's inbox with reminders planned; acknowledging
the briefing and signing the commitment cancel those reminders."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.review.duties import committed, day
from tests.review.org import bearer, call, register_factory, staff
from tests.support import System, eventually

pytestmark = pytest.mark.integration


def schedules(s: System) -> dict[str, set[str]]:
    """Notify's planned reminders and escalations: deadline name → statuses."""
    with s.services["notify"].db.transaction() as conn:
        rows = conn.execute("SELECT deadline, status FROM schedules").fetchall()
    out: dict[str, set[str]] = {}
    for r in rows:
        out.setdefault(r["deadline"], set()).add(r["status"])
    return out


async def test_briefings_and_commitments_owed_reach_the_person(
    registry_review_notify: Any,
) -> None:
    s: System = registry_review_notify
    o = await register_factory(s)
    zhang_id, zhang = o.persons["1002"], staff(s, o, "1002")
    moved = {"from_post_id": o.posts["WZ.CGY"], "to_post_id": o.posts["WZ.BGY"],
             "effective_on": day(s, -1)}  # fmt: skip
    await call(s, "POST", f"/registry/persons/{zhang_id}/transfers", bearer(s, "admin"), 204,
               json=moved)  # fmt: skip

    async def inbox() -> list[str]:
        r = await call(s, "GET", "/notify/inbox", zhang)
        titles = sorted(i["text"] for i in r.json()["items"])
        return titles if len(titles) >= 2 else []

    assert await eventually(inbox) == ["张伟 的廉洁承诺需重新签订", "张伟 须接受新岗位廉洁风险交底"]
    planned = await eventually(lambda: asyncio.to_thread(schedules, s))
    assert planned == {"briefing": {"pending"}, "commitment-renewal": {"pending"}}

    head = staff(s, o, "1001", "dept_head")
    body = {"level": "individual", "title": "仓库保管岗位交底", "held_on": day(s, 0),
            "person_ids": [zhang_id]}  # fmt: skip
    briefing = (await call(s, "POST", "/review/briefings", head, 201, json=body)).json()["id"]
    await call(s, "POST", f"/review/briefings/{briefing}/acknowledgements", zhang, 201, json={})
    await committed(s, zhang_id, zhang, zhang)

    async def cancelled() -> dict[str, set[str]]:
        now = await asyncio.to_thread(schedules, s)
        return now if all(v == {"cancelled"} for v in now.values()) else {}

    assert set(await eventually(cancelled)) == {"briefing", "commitment-renewal"}
