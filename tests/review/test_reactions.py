"""Dynamic management (动态管理): a transfer, a changed or removed process step, a retired power
mark the affected points "needs re-review" (approved ones reopen), once per registry event."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.review.flows import approved_by_meeting, propose, ready
from tests.review.org import bearer, call, events, register_factory, staff
from tests.support import System, eventually

pytestmark = pytest.mark.integration


async def test_registry_changes_flag_the_points_under_them(system: System) -> None:
    s = system
    o = await register_factory(s)
    head = staff(s, o, "1001", "dept_head")
    office, admin = bearer(s, "office"), bearer(s, "admin")
    cgy, plan, supplier = o.posts["WZ.CGY"], o.powers["WZ-001"], o.powers["WZ-002"]
    own = await propose(
        s, head, scope="post", category="post_duty", description="张伟的个人风险",
        post_id=cgy, person_id=o.persons["1002"],
    )  # fmt: skip
    step = await propose(
        s, head, scope="post", category="business_process", description="需求环节风险",
        post_id=cgy, power_id=plan, step_id=o.steps["need"],
    )  # fmt: skip
    other = await propose(
        s, head, scope="post", category="external", description="供应商围猎",
        post_id=cgy, power_id=supplier,
    )  # fmt: skip
    await ready(s, own, head)
    await approved_by_meeting(s, o, own, head)

    async def flagged() -> dict[str, Any]:
        r = await call(s, "GET", "/review/risk-points", office, params={"needs_re_review": True})
        return {p["id"]: p for p in r.json()["items"]}

    # 张伟 is transferred to the warehouse: his approved individual point reopens.
    await call(
        s, "POST", f"/registry/persons/{o.persons['1002']}/transfers", admin, 204,
        json={"from_post_id": cgy, "to_post_id": o.posts["WZ.BGY"], "effective_on": "2026-02-01"},
    )  # fmt: skip
    got = await eventually(lambda: _when(flagged, lambda f: own in f))
    assert set(got) == {own} and got[own]["status"] == "reopened"
    detail = (await call(s, "GET", f"/review/risk-points/{own}", head)).json()
    assert detail["re_review"] == [
        {
            "cause": "person_transferred",
            "reason": "张伟于2026-02-01由“采购员”调任“仓库保管员”",
            "event": detail["re_review"][0]["event"],
        }
    ]

    # The step of the flow is reassigned to the planner: the point on that step is flagged.
    await call(
        s, "PATCH", f"/registry/powers/{plan}/steps/{o.steps['need']}", office, 204,
        json={"name": "提出并复核采购需求", "post_id": o.posts["WZ.JHY"]},
    )  # fmt: skip
    got = await eventually(lambda: _when(flagged, lambda f: step in f))
    assert got[step]["status"] == "draft"  # not approved: flagged, nothing to reopen
    reasons = (await call(s, "GET", f"/review/risk-points/{step}", head)).json()["re_review"]
    assert (
        reasons[0]["reason"] == "业务环节“提出采购需求”已变更为“提出并复核采购需求”（岗位：计划员）"
    )
    listed = (await call(s, "GET", f"/review/risk-points/{step}", head)).json()
    assert listed["step_id"] == o.steps["need"]

    # The supplier power is retired: its point is flagged, and no new point may link it.
    await call(
        s, "POST", f"/registry/powers/{supplier}/retirement", office, 204,
        json={"reason": "职能划转至招标中心"},
    )  # fmt: skip
    got = await eventually(lambda: _when(flagged, lambda f: other in f))
    assert set(got) == {own, step, other}

    async def retired() -> bool:
        r = await s.http.post(
            "/api/v1/review/risk-points",
            headers=head,
            json={"scope": "post", "category": "external", "description": "x", "post_id": cgy,
                  "power_id": supplier},
        )  # fmt: skip
        return r.status_code == 422 and "retired" in r.text

    await eventually(retired)

    # Each registry event is applied once: delivered again, it flags nothing more.
    review = s.services["review"]
    envelopes, _ = s.services["registry"].outbox.read(0, 1000)
    before = events(s)
    again = await asyncio.to_thread(lambda: [review.consumer.apply(e) for e in envelopes])
    assert not any(again)
    assert events(s) == before
    detail = (await call(s, "GET", f"/review/risk-points/{own}", head)).json()
    assert len(detail["re_review"]) == 1


async def _when(check: Any, condition: Any) -> Any:
    """``check()`` if it satisfies ``condition``, else None (for ``eventually``)."""
    value = await check()
    return value if condition(value) else None
