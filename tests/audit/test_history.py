"""History and state as of a time or a version: what the API answered at a time is what the
audit trail says stood at that time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.audit.helpers import API
from tests.support import System

pytestmark = pytest.mark.integration


async def call(s: System, method: str, path: str, role: str, expect: int, **kw: Any) -> Any:
    r = await s.http.request(method, f"{API}{path}", headers=s.auth(role, user=f"{role}-1"), **kw)
    assert r.status_code == expect, f"{method} {path}: {r.status_code} {r.text}"
    return r.json() if r.content else None


async def power_with_revisions(s: System) -> tuple[str, list[tuple[datetime, dict[str, Any]]]]:
    """A power changed five times; after each change, what GET answered and when."""
    dept = await call(
        s, "POST", "/departments", "admin", 201, json={"code": "WZ", "name": "物资供应部"}
    )
    body = {"department_id": dept["id"], "code": "WZ-001", "name": "物资采购计划审批",
            "category": "approval", "content": "审批年度采购计划"}  # fmt: skip
    power = (await call(s, "POST", "/powers", "office", 201, json=body))["id"]
    seen = []

    async def look() -> None:
        answer = await call(s, "GET", f"/powers/{power}", "office", 200)
        seen.append((datetime.now(UTC), answer))

    await look()
    await call(s, "POST", f"/powers/{power}/activation", "office", 204)
    await look()
    for n, name in enumerate(["物资采购计划审核", "年度采购计划审批", "采购计划审批（修订）"]):
        patch = {"name": name, "time_limit": f"{n + 3}个工作日", "reason": f"第{n + 1}次修订"}
        await call(s, "PATCH", f"/powers/{power}", "office", 200, json=patch)
        await look()
    await call(s, "POST", f"/powers/{power}/retirement", "office", 204, json={"reason": "撤销"})
    await look()
    return power, seen


def same(state: dict[str, Any], answer: dict[str, Any]) -> None:
    s = state["state"]
    assert s["details"]["name"] == answer["name"]
    assert s["details"]["time_limit"] == answer["time_limit"]
    assert (s["status"], s["revision"]) == (answer["status"], answer["revision"])
    assert state["version"] == answer["version"]


async def test_a_power_as_of_each_past_time_is_what_the_api_answered_then(
    registry: System,
) -> None:
    power, seen = await power_with_revisions(registry)
    assert len({a["name"] for _, a in seen}) == 4  # the answers did change over time
    for moment, answer in seen:
        state = await call(registry, "GET", f"/audit/aggregates/{power}/state", "auditor", 200,
                           params={"at": moment.isoformat()})  # fmt: skip
        same(state, answer)
        assert datetime.fromisoformat(state["as_of"]) == moment
        by_version = await call(registry, "GET", f"/audit/aggregates/{power}/state", "auditor",
                                200, params={"version": answer["version"]})  # fmt: skip
        same(by_version, answer)
    # A local time without offset (+08:00) and a bare date (the end of that day) work too.
    local = seen[2][0].astimezone(UTC) + timedelta(hours=8)
    state = await call(registry, "GET", f"/audit/aggregates/{power}/state", "auditor", 200,
                       params={"at": local.replace(tzinfo=None).isoformat()})  # fmt: skip
    same(state, seen[2][1])
    tomorrow = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    state = await call(registry, "GET", f"/audit/aggregates/{power}/state", "office", 200,
                       params={"at": tomorrow})  # fmt: skip
    same(state, seen[-1][1])


async def test_history_of_an_aggregate_lists_every_event_with_actor_time_and_position(
    registry: System,
) -> None:
    power, seen = await power_with_revisions(registry)
    history = await call(registry, "GET", f"/audit/aggregates/{power}/events", "auditor", 200)
    events = history["events"]
    assert [e["type"] for e in events] == ["Power.Registered", "Power.Activated"] + [
        "Power.Amended"
    ] * 3 + ["Power.Retired"]
    assert [e["version"] for e in events] == list(range(1, 7))
    positions = [e["position"] for e in events]
    assert positions == sorted(positions) and len(set(positions)) == 6
    assert {e["actor"] for e in events} == {"office-1"}
    assert events[2]["data"]["reason"] == "第1次修订"
    assert events[2]["data"]["changed"] == ["name", "time_limit"]
    assert events[-1]["data"] == {"reason": "撤销"}
    times = [datetime.fromisoformat(e["at"]) for e in events]
    assert times == sorted(times) and times[-1] <= seen[-1][0]


@pytest.mark.parametrize(
    ("params", "status", "detail"),
    [
        ({"at": "yesterday"}, 422, "is not a date"),
        ({"at": "2026-02-30"}, 422, "is not a date"),
        ({"at": "2026-06-30", "version": 1}, 422, "either at or version"),
        ({"version": 0}, 422, "greater_than_equal"),
        ({"version": 99}, 404, "has no version 99"),
        ({"at": "2000-01-01"}, 404, "did not exist yet"),
    ],
)
async def test_bad_as_of_questions_get_clear_answers(
    registry: System, params: dict[str, Any], status: int, detail: str
) -> None:
    power, _ = await power_with_revisions(registry)
    r = await registry.http.get(
        f"{API}/audit/aggregates/{power}/state", params=params, headers=registry.auth("auditor")
    )
    assert r.status_code == status, r.text
    assert detail in r.text


async def test_unknown_aggregates_and_bad_ids_are_refused(registry: System) -> None:
    auditor = registry.auth("auditor")
    r = await registry.http.get(f"{API}/audit/aggregates/{'0' * 32}/events", headers=auditor)
    assert r.status_code == 404 and "no events of" in r.text
    r = await registry.http.get(f"{API}/audit/aggregates/not-an-id/state", headers=auditor)
    assert r.status_code == 422 and "uuid" in r.text
