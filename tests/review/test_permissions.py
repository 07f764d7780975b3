"""Forbidden actors get 403, forbidden transitions 409, bad input 422; none of them stores
anything. Department people read their own department's points and the common ones."""

from __future__ import annotations

import pytest

from tests.review.flows import HIGH, graded, measured, propose, ready
from tests.review.org import bearer, call, events, register_factory, staff
from tests.support import System, eventually

pytestmark = pytest.mark.integration


async def test_forbidden_actors_and_transitions_change_nothing(system: System) -> None:
    s = system
    o = await register_factory(s)
    head = staff(s, o, "1001", "dept_head")
    zhang = staff(s, o, "1002")
    jc_head = staff(s, o, "0101", "dept_head", dept="JC")
    wang = staff(s, o, "0001", "leader", dept="XY")
    office = bearer(s, "office")
    body = {
        "scope": "post",
        "category": "business_process",
        "description": "采购需求虚报",
        "post_id": o.posts["WZ.CGY"],
        "power_id": o.powers["WZ-001"],
    }
    point = await propose(s, head, **body)
    url = f"/review/risk-points/{point}"
    start = events(s)

    # Roles with no part in the review: 403 on reads and writes alike.
    for role in ("admin", "discipline", "middle_cadre", "party_secretary", "service"):
        await call(s, "GET", "/review/risk-points", bearer(s, role), 403)
        await call(s, "GET", url, bearer(s, role), 403)
        await call(s, "POST", "/review/risk-points", bearer(s, role), 403, json=body)
    # Wrong department, wrong person, wrong post, wrong leader.
    await propose(s, jc_head, 403, **body)
    await propose(s, zhang, 403, **{**body, "post_id": o.posts["WZ.BGY"]})
    await propose(s, zhang, 403, **{**body, "person_id": o.persons["1007"]})
    await propose(
        s, wang, 403, scope="leader", category="ideology", description="x",
        person_id=o.persons["0002"],
    )  # fmt: skip
    await call(s, "PATCH", url, jc_head, 403, json={"description": "改"})
    zhao = staff(s, o, "1003")  # 赵敏, 仓库保管员: not her post
    await call(s, "PATCH", url, zhao, 403, json={"description": "我不在这个岗位上也想改"})
    await call(s, "GET", url, jc_head, 403)  # another department's point
    await call(
        s, "POST", f"{url}/self-assessment", zhang, 403,
        json={"factors": HIGH, "proposed_grade": "high"},
    )  # fmt: skip
    await call(s, "PUT", f"{url}/grade", head, 403, json={"grade": "low", "reason": "x"})
    await call(s, "POST", f"{url}/submission", jc_head, 403)
    assert events(s) == start

    # Forbidden transitions: each step in its turn.
    await call(s, "PUT", f"{url}/grade", office, 409, json={"grade": "low", "reason": "未自评"})
    await call(s, "POST", f"{url}/submission", head, 409)  # not self-assessed
    await call(s, "POST", f"{url}/approval", head, 409, json={})  # not submitted
    await call(s, "POST", f"{url}/return", head, 409, json={"comment": "退回"})
    merge = {"risk_point_ids": [point, point], "category": "ideology", "description": "合并"}
    await call(s, "POST", "/review/risk-points/merges", office, 409, json=merge)
    assert events(s) == start
    await call(
        s, "POST", f"{url}/self-assessment", head, 201,
        json={"factors": HIGH, "proposed_grade": "high"},
    )  # fmt: skip
    mid = events(s)
    await call(s, "POST", f"{url}/submission", head, 409)  # the office has not graded
    assert events(s) == mid
    await graded(s, point, head)
    await measured(s, point, head, "process")
    mid = events(s)
    r = await call(s, "POST", f"{url}/submission", head, 422)  # high: two, with supervision
    assert r.json()["detail"] == "a high risk needs at least 2 control measures; it has 1"
    assert events(s) == mid
    await measured(s, point, head, "supervision")
    await call(s, "POST", f"{url}/submission", head, 201)
    mid = events(s)
    await call(s, "POST", f"{url}/submission", head, 409)  # submitted already
    await call(s, "PATCH", url, head, 409, json={"description": "审核中修改"})
    await call(s, "PUT", f"{url}/grade", office, 409, json={"grade": "low", "reason": "审核中"})
    await call(
        s, "POST", f"{url}/measures", head, 409,
        json={"text": "再加", "type": "education", "stage": "prevention"},
    )  # fmt: skip
    await call(s, "POST", f"{url}/approval", wang, 403, json={})  # the meeting approves
    await call(s, "POST", f"{url}/approval", zhang, 403, json={})  # staff approve nothing
    await call(s, "POST", f"{url}/approval", jc_head, 403, json={})  # not their department
    assert events(s) == mid
    detail = (await call(s, "GET", url, head)).json()
    assert (detail["status"], len(detail["measures"])) == ("submitted", 2)


async def test_bad_input_is_refused_with_a_clear_answer(system: System) -> None:
    s = system
    o = await register_factory(s)
    head = staff(s, o, "1001", "dept_head")
    office = bearer(s, "office")
    good = {
        "scope": "post",
        "category": "post_duty",
        "description": "验收把关不严",
        "post_id": o.posts["WZ.BGY"],
    }
    unknown = "00000000-0000-4000-8000-000000000000"
    cases = [
        ({**good, "scope": "department"}, "enum"),
        ({**good, "grade": "high"}, "extra_forbidden"),
        ({**good, "description": ""}, "string_too_short"),
        ({**good, "post_id": unknown}, "unknown post"),
        ({**good, "power_id": unknown}, "unknown power"),
        ({**good, "power_id": o.powers["WZ-002"], "step_id": o.steps["need"]}, "another power"),
        ({**good, "post_id": None}, "names its post or person"),
        ({**good, "scope": "leader", "post_id": None, "person_id": o.persons["1002"]}, "leader"),
        ({**good, "scope": "common_factory"}, "names no post or person"),
        ({**good, "department_id": o.departments["JC"]}, "another department"),
    ]
    for body, detail in cases:
        r = await call(s, "POST", "/review/risk-points", office, 422, json=body)
        assert detail in r.text, (body, r.text)
    assert events(s) == 0

    point = await propose(s, head, **good)
    url = f"/review/risk-points/{point}"
    before = events(s)
    for factors in ({**HIGH, "harm": 6}, {**HIGH, "harm": 0}, {k: 3 for k in list(HIGH)[:5]}):
        body = {"factors": factors, "proposed_grade": "high"}
        await call(s, "POST", f"{url}/self-assessment", head, 422, json=body)
    await call(
        s, "POST", f"{url}/self-assessment", head, 422,
        json={"factors": HIGH, "proposed_grade": "very high"},
    )  # fmt: skip
    await call(s, "PATCH", url, head, 422, json={})  # changes nothing
    await call(s, "PATCH", url, head, 422, json={"step_id": o.steps["need"]})  # no power linked
    m = {"text": "x", "type": "prayer", "stage": "prevention"}
    await call(s, "POST", f"{url}/measures", head, 422, json=m)
    m = {"text": "x", "type": "process", "stage": "prevention", "responsible_person_id": unknown}
    await call(s, "POST", f"{url}/measures", head, 422, json=m)
    await call(s, "GET", f"/review/risk-points/{unknown}", head, 404)
    await call(s, "POST", f"/review/risk-points/{unknown}/submission", head, 404)
    await call(s, "GET", "/review/risk-points", head, 422, params={"limit": 0})
    # Meetings: in the future, with a stranger, for another department.
    wz, members = o.departments["WZ"], [o.persons["1001"]]
    meeting = {"department_id": wz, "held_on": "2999-01-01", "attendee_ids": members}
    await call(s, "POST", "/review/meetings", head, 422, json=meeting)
    meeting |= {"held_on": "2026-01-15", "attendee_ids": [*members, unknown]}
    await call(s, "POST", "/review/meetings", head, 422, json=meeting)
    meeting |= {"department_id": o.departments["JC"], "attendee_ids": [o.persons["0101"]]}
    await call(s, "POST", "/review/meetings", head, 403, json=meeting)
    assert events(s) == before


async def test_department_people_read_their_own_and_the_common_points(system: System) -> None:
    s = system
    o = await register_factory(s)
    head = staff(s, o, "1001", "dept_head")
    jc_head = staff(s, o, "0101", "dept_head", dept="JC")
    ours = await propose(
        s, head, scope="post", category="post_duty", description="采购", post_id=o.posts["WZ.CGY"]
    )
    common = await propose(
        s, jc_head, scope="common_middle", category="ideology", description="节假日收受礼品",
        department_id=o.departments["JC"],
    )  # fmt: skip
    listed = (await call(s, "GET", "/review/risk-points", jc_head)).json()
    assert [p["id"] for p in listed["items"]] == [common]
    listed = (await call(s, "GET", "/review/risk-points", head)).json()
    assert {p["id"] for p in listed["items"]} == {ours, common}
    await call(s, "GET", f"/review/risk-points/{common}", head)
    await call(s, "GET", f"/review/risk-points/{ours}/history", jc_head, 403)
    auditor = (await call(s, "GET", "/review/risk-points", bearer(s, "auditor"))).json()
    assert auditor["total"] == 2

    # A middle cadre in a department nobody is in charge of: the ladder has no approver.
    admin = bearer(s, "admin")
    r = await call(
        s, "POST", "/registry/persons", admin, 201,
        json={"staff_no": "0102", "name": "郑凯", "rank": "middle_cadre"},
    )  # fmt: skip
    zheng = r.json()["id"]
    await call(
        s, "POST", f"/registry/persons/{zheng}/appointments", admin, 204,
        json={"post_id": o.posts["JC.JCY"], "effective_on": "2024-01-01"},
    )  # fmt: skip

    async def known() -> bool:
        with s.services["review"].db.transaction() as conn:
            row = conn.execute(
                "SELECT count(*) AS n FROM org_appointments WHERE person_id = %s", (zheng,)
            ).fetchone()
        return row["n"] == 1

    await eventually(known)
    point = await propose(
        s, jc_head, scope="post", category="post_duty", description="监督检查走过场",
        post_id=o.posts["JC.JCY"], person_id=zheng,
    )  # fmt: skip
    await ready(s, point, jc_head)
    r = await call(s, "GET", f"/review/risk-points/{point}/route", jc_head, 409)
    assert "no leader is in charge" in r.json()["detail"]
    before = events(s)
    await call(s, "POST", f"/review/risk-points/{point}/submission", jc_head, 409)
    assert events(s) == before
