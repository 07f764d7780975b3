"""The grade of a risk point as of a past time equals what the review API returned at that time
(the review service as it is, with the registry it consumes)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest

from lianfang_shared.audit.offline import verify_file
from lianfang_shared.settings import PlatformSettings
from tests.review.org import bearer, call, register_factory, staff
from tests.support import System, running

pytestmark = pytest.mark.integration
FACTORS = {"importance": 4, "discretion": 3, "funds_flow": 3, "probability": 3, "concealment": 3,
           "harm": 3}  # fmt: skip


@pytest.fixture
async def system(platform: PlatformSettings) -> AsyncIterator[System]:
    """The registry and the review service, running."""
    async with running(platform, ["registry", "review"]) as s:
        yield s


async def test_a_risk_point_grade_as_of_each_past_time_is_what_the_api_answered_then(
    system: System,
) -> None:
    s = system
    o = await register_factory(s)
    head = staff(s, o, "1001", "dept_head")
    office, auditor = bearer(s, "office", user="office-zhou"), bearer(s, "auditor", user="audit-1")
    body = {"scope": "post", "category": "post_duty", "post_id": o.posts["WZ.BGY"],
            "description": "入库验收时以次充好、虚增数量"}  # fmt: skip
    point = (await call(s, "POST", "/review/risk-points", head, 201, json=body)).json()["id"]
    url = f"/review/risk-points/{point}"
    seen: list[tuple[datetime, dict[str, Any]]] = []

    async def look() -> None:
        seen.append((datetime.now(UTC), (await call(s, "GET", url, auditor)).json()))

    await look()
    assessment = {"factors": FACTORS, "proposed_grade": "medium", "note": "部门会议自评"}
    await call(s, "POST", f"{url}/self-assessment", head, 201, json=assessment)
    await look()
    for grade, reason in (
        ("medium", "同意"),
        ("high", "资金量大，上调"),
        ("low", "已装监控，下调"),
    ):
        await call(s, "PUT", f"{url}/grade", office, 204, json={"grade": grade, "reason": reason})
        await look()
    assert [a["grade"] for _, a in seen] == [None, None, "medium", "high", "low"]

    for moment, answer in seen:
        r = await call(s, "GET", f"/review/audit/aggregates/{point}/state", auditor,
                       params={"at": moment.isoformat()})  # fmt: skip
        state = r.json()
        assert state["state"]["grade"] == answer["grade"]
        assert state["state"]["status"] == answer["status"]
        assert state["version"] == answer["version"]

    history = (await call(s, "GET", f"/review/audit/aggregates/{point}/events", auditor)).json()
    decided = [e for e in history["events"] if e["type"] == "RiskPoint.GradeDecided"]
    assert [(e["actor"], e["data"]["reason"]) for e in decided] == [
        ("office-zhou", "同意"),
        ("office-zhou", "资金量大，上调"),
        ("office-zhou", "已装监控，下调"),
    ]
    audit = s.services["review"].audit
    assert audit is not None
    audit.catch_up()
    audit.checkpoint()
    exported = await call(
        s, "GET", "/review/audit/export.jsonl", auditor, params={"subject": point}
    )
    assert verify_file(exported.content).ok
