"""Grades: every change is its own event (who, when, from, to, why, model version); a new
version of the scoring model never rewrites a grade already given."""

from __future__ import annotations

import pytest

from tests.review.org import bearer, call, events, register_factory, staff
from tests.support import System

pytestmark = pytest.mark.integration

FACTORS = {"importance": 4, "discretion": 3, "funds_flow": 3, "probability": 3, "concealment": 3,
           "harm": 3}  # fmt: skip
STRICT = {
    "weights": {"importance": 1, "discretion": 1, "funds_flow": 1, "probability": 1,
                "concealment": 1, "harm": 1},
    "thresholds": {"high": 3.0, "medium": 2.0},
    "measure_rules": {
        "high": {"min_measures": 3, "required_types": ["supervision", "education"]},
        "medium": {"min_measures": 1, "required_types": []},
        "low": {"min_measures": 0, "required_types": []},
    },
    "note": "2026年修订：各因素等权",
}  # fmt: skip


async def test_the_history_of_a_grade_and_versions_of_the_model(system: System) -> None:
    s = system
    o = await register_factory(s)
    head = staff(s, o, "1001", "dept_head")
    office = bearer(s, "office", user="office-zhou")
    second = bearer(s, "office", user="office-qian")
    auditor = bearer(s, "auditor", user="audit-1")
    point = (
        await call(
            s,
            "POST",
            "/review/risk-points",
            head,
            201,
            json={
                "scope": "post",
                "category": "post_duty",
                "description": "入库验收时以次充好、虚增数量",
                "post_id": o.posts["WZ.BGY"],
            },
        )
    ).json()["id"]
    url = f"/review/risk-points/{point}"

    # Model 1 (the defaults): the weighted mean is 3.25, suggested "medium".
    model = (await call(s, "GET", "/review/scoring-model", auditor)).json()
    assert (model["version"], model["thresholds"]) == (1, {"high": 3.5, "medium": 2.5})
    body = {"factors": FACTORS, "proposed_grade": "medium", "note": "部门会议自评"}
    first = (await call(s, "POST", f"{url}/self-assessment", head, 201, json=body)).json()
    assert (first["score"], first["suggested_grade"], first["model_version"]) == (3.25, "medium", 1)
    await call(s, "PUT", f"{url}/grade", office, 204, json={"grade": "medium", "reason": "同意"})

    # The office publishes model 2: equal weights, lower thresholds, stricter measures.
    await call(s, "POST", "/review/scoring-model/versions", head, 403, json=STRICT)
    bad = {**STRICT, "thresholds": {"high": 2.0, "medium": 3.0}}
    await call(s, "POST", "/review/scoring-model/versions", office, 422, json=bad)
    r = await call(s, "POST", "/review/scoring-model/versions", office, 201, json=STRICT)
    assert r.json() == {"version": 2}
    versions = (await call(s, "GET", "/review/scoring-model/versions", auditor)).json()
    assert [v["version"] for v in versions["items"]] == [2, 1]
    old = (await call(s, "GET", "/review/scoring-model/versions/1", auditor)).json()
    assert old["weights"]["importance"] == 0.25  # version 1 stays as it was

    # The grade given under model 1 is untouched; a new assessment uses model 2.
    current = (await call(s, "GET", url, auditor)).json()
    assert (current["grade"], current["assessment"]["model_version"]) == ("medium", 1)
    again = (await call(s, "POST", f"{url}/self-assessment", head, 201, json=body)).json()
    assert (again["score"], again["suggested_grade"], again["model_version"]) == (3.17, "high", 2)
    await call(
        s, "PUT", f"{url}/grade", second, 204, json={"grade": "high", "reason": "新模型下为高"}
    )
    await call(
        s,
        "PUT",
        f"{url}/grade",
        office,
        204,
        json={"grade": "low", "reason": "库房已安装监控，复核后下调"},
    )
    before = events(s)
    await call(s, "PUT", f"{url}/grade", office, 422, json={"grade": "low", "reason": "重复"})
    await call(s, "PUT", f"{url}/grade", office, 422, json={"grade": "low", "reason": ""})
    assert events(s) == before

    # The history: every proposal and decision in order, with actor, reason and model.
    history = (await call(s, "GET", f"{url}/grades", auditor, params={"lang": "en"})).json()
    assert [
        (h["kind"], h["actor"], h["from_grade"], h["to_grade"], h["reason"], h["model_version"])
        for h in history
    ] == [
        ("self_assessment", "p-1001", None, "medium", "部门会议自评", 1),
        ("decision", "office-zhou", None, "medium", "同意", 1),
        ("self_assessment", "p-1001", "medium", "medium", "部门会议自评", 2),
        ("decision", "office-qian", "medium", "high", "新模型下为高", 2),
        ("decision", "office-zhou", "high", "low", "库房已安装监控，复核后下调", 2),
    ]
    assert history[-1]["to_grade_label"] == "Low"
    assert [h["at"] for h in history] == sorted(h["at"] for h in history)
    versions = [h["version"] for h in history]
    assert versions == sorted(versions)

    # The auditor's full history names every event with its actor; the point's grade is low.
    full = (await call(s, "GET", f"{url}/history", auditor)).json()
    assert [e["event"] for e in full] == [
        "Proposed",
        "SelfAssessed",
        "GradeDecided",
        "SelfAssessed",
        "GradeDecided",
        "GradeDecided",
    ]
    assert full[-1]["data"]["from_grade"] == "high" and full[-1]["actor"] == "office-zhou"
    listed = (await call(s, "GET", "/review/risk-points", auditor, params={"grade": "low"})).json()
    assert [p["id"] for p in listed["items"]] == [point]

    # The measure rule of model 2 now applies: a high point needs three, with education.
    await call(s, "PUT", f"{url}/grade", office, 204, json={"grade": "high", "reason": "再评"})
    for kind in ("process", "supervision", "institution"):
        body = {"text": f"{kind}措施", "type": kind, "stage": "prevention"}
        await call(s, "POST", f"{url}/measures", head, 201, json=body)
    r = await call(s, "POST", f"{url}/submission", head, 422)
    assert "education" in r.json()["detail"]
