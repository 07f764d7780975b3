"""Review's grades, as review itself publishes them, inform the suggested severity: the warning
service keeps each risk point's current grade from review's events (first grade and changes)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from lianfang_shared.settings import PlatformSettings
from tests.registry.factory import bearer, register_organisation
from tests.support import System, eventually, running
from tests.warning.helpers import call, office, today

pytestmark = pytest.mark.integration
REVIEW = "/api/v1/review"


@pytest.fixture
async def with_review(platform: PlatformSettings) -> AsyncIterator[System]:
    async with running(platform, ["registry", "review", "warning"]) as s:
        yield s


async def test_the_current_grade_from_review_suggests_the_severity(with_review: System) -> None:
    s = with_review
    f = await register_organisation(s)
    me = office(s)
    wz = bearer(s, "dept_head", user="head-wz", department_id=f.departments["WZ"])

    async def review(method: str, path: str, headers: dict[str, str], **kw: object) -> dict:
        r = await s.http.request(method, f"{REVIEW}{path}", headers=headers, **kw)
        assert r.status_code < 300, f"{method} {path}: {r.status_code} {r.text}"
        return r.json() if r.content else {}

    def review_knows_the_post() -> bool:
        # The post and its department, each of which may arrive first (different aggregates,
        # different partitions).
        with s.services["review"].db.transaction() as conn:
            post = conn.execute(
                "SELECT 1 FROM org_posts WHERE id = %s", (f.posts["WZ.BGY"],)
            ).fetchone()
            department = conn.execute(
                "SELECT 1 FROM departments WHERE id = %s", (f.departments["WZ"],)
            ).fetchone()
        return post is not None and department is not None

    await eventually(lambda: asyncio.to_thread(review_knows_the_post), timeout=30)
    point = await review(
        "POST",
        "/risk-points",
        me,
        json={
            "scope": "post",
            "category": "business_process",
            "description": "验收环节以次充好",
            "post_id": f.posts["WZ.BGY"],
        },
    )
    rp = point["id"]
    factors = dict.fromkeys(
        ("importance", "discretion", "funds_flow", "probability", "concealment", "harm"), 3
    )
    await review(
        "POST",
        f"/risk-points/{rp}/self-assessment",
        wz,
        json={"factors": factors, "proposed_grade": "medium"},
    )
    await review("PUT", f"/risk-points/{rp}/grade", me, json={"grade": "medium", "reason": "评审"})

    async def graded(grade: str) -> bool:
        db = s.services["warning"].db

        def read() -> str | None:
            with db.transaction() as conn:
                row = conn.execute("SELECT grade FROM risk_points WHERE id = %s", (rp,)).fetchone()
            return row["grade"] if row else None

        return await asyncio.to_thread(read) == grade

    await eventually(lambda: graded("medium"), timeout=60)
    signal = (
        await call(
            s,
            "POST",
            "/signals",
            me,
            201,
            json={
                "channel": "special_check",
                "received_on": str(today()),
                "summary": "验收抽查",
                "content": "抽查发现入库物资与合同不符",
                "department_ids": [f.departments["WZ"]],
                "risk_point_ids": [rp],
            },
        )
    ).json()
    path = f"/cases/{signal['case_id']}/suggestion"
    first = (await call(s, "GET", path, me)).json()
    assert (first["severity"], first["severity_label"], first["measure_label"]) == (
        "medium",
        "较重",
        "谈话提醒",
    )

    # The office raises the grade in review; the suggestion follows.
    await review(
        "PUT", f"/risk-points/{rp}/grade", me, json={"grade": "high", "reason": "复核上调"}
    )
    await eventually(lambda: graded("high"), timeout=60)
    later = (await call(s, "GET", path, me, params={"lang": "en"})).json()
    assert (later["severity_label"], later["risk_points"][0]["grade_label"]) == ("Serious", "High")
