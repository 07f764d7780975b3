"""Story, following the seed: 物资供应部 identifies the risk points of procurement, self-assesses,
holds its meeting (all seven must attend), the office lowers one grade with a reason, measures
are added, the ladder sends each point to its approver, approval is given, and then a power
amendment in the registry reopens the points linked to that power."""

from __future__ import annotations

import json

import pytest

from tests.review.org import bearer, call, events, register_factory, staff
from tests.support import System, eventually, read_topic

pytestmark = pytest.mark.integration

HIGH = {"importance": 5, "discretion": 4, "funds_flow": 5, "probability": 4, "concealment": 3,
        "harm": 4}  # fmt: skip
MIDDLE = {"importance": 3, "discretion": 3, "funds_flow": 3, "probability": 3, "concealment": 2,
          "harm": 3}  # fmt: skip


async def test_procurement_risk_points_from_identification_to_re_review(system: System) -> None:
    s = system
    o = await register_factory(s)
    wz = o.departments["WZ"]
    head = staff(s, o, "1001", "dept_head")  # 李明, 物资供应部主任
    zhang = staff(s, o, "1002")  # 张伟, 采购员 (key post)
    office = bearer(s, "office", user="office-1")
    wang = staff(s, o, "0001", "leader", dept="XY")  # 王建国, in charge of 物资供应部
    liu = staff(s, o, "0002", "leader", dept="XY")  # 刘德华, not in charge of it
    committee = bearer(s, "party_committee", user="committee")

    async def propose(who: dict[str, str], expect: int = 201, **body: object) -> str:
        r = await call(s, "POST", "/review/risk-points", who, expect, json=body)
        return str(r.json().get("id", ""))

    # 1. Identification (风险点查找): the purchaser proposes his own post's point; the head the
    #    others; the office the leader's. Staff cannot propose for a post they do not hold.
    need = await propose(
        zhang,
        scope="post",
        category="business_process",
        description="提出采购需求时虚报数量、指定品牌或供应商",
        post_id=o.posts["WZ.CGY"],
        person_id=o.persons["1002"],
        power_id=o.powers["WZ-001"],
        step_id=o.steps["need"],
    )
    await propose(
        zhang, 403, scope="post", category="post_duty", description="x", post_id=o.posts["WZ.ZR"]
    )
    check = await propose(
        head,
        scope="post",
        category="power_operation",
        description="审核采购计划把关不严，为特定供应商谋取利益",
        post_id=o.posts["WZ.ZR"],
        person_id=o.persons["1001"],
        power_id=o.powers["WZ-001"],
        step_id=o.steps["check"],
    )
    supplier = await propose(
        head,
        scope="post",
        category="external",
        description="供应商评价中接受宴请、礼品，降低评价标准",
        post_id=o.posts["WZ.CGY"],
        power_id=o.powers["WZ-002"],
    )
    leader = await propose(
        office,
        scope="leader",
        category="power_operation",
        description="分管物资采购，对重大采购事项施加不当影响",
        person_id=o.persons["0001"],
        department_id=o.departments["XY"],
        power_id=o.powers["WZ-001"],
    )

    # 2. Self-assessment (自我评估) by the department; the model suggests a grade.
    async def assess(point: str, who: dict[str, str], factors: dict, grade: str) -> dict:
        body = {"factors": factors, "proposed_grade": grade}
        return (
            await call(
                s, "POST", f"/review/risk-points/{point}/self-assessment", who, 201, json=body
            )
        ).json()

    first = await assess(need, head, HIGH, "high")
    assert (first["score"], first["suggested_grade"], first["model_version"]) == (4.35, "high", 1)
    await call(
        s,
        "POST",
        f"/review/risk-points/{need}/self-assessment",
        zhang,
        403,
        json={"factors": HIGH, "proposed_grade": "low"},
    )
    await assess(check, head, HIGH, "high")
    assert (await assess(supplier, head, MIDDLE, "medium"))["suggested_grade"] == "medium"
    await assess(leader, office, HIGH, "high")

    # 3. The office reviews and decides (评审确定); it lowers the supplier point with a reason.
    async def grade(point: str, value: str, reason: str, who: dict = office, expect: int = 204):
        body = {"grade": value, "reason": reason}
        await call(s, "PUT", f"/review/risk-points/{point}/grade", who, expect, json=body)

    await grade(need, "high", "同意部门自评")
    await grade(check, "high", "同意部门自评")
    await grade(supplier, "low", "供应商评价实行集体评审，个人影响有限", who=head, expect=403)
    await grade(supplier, "low", "供应商评价实行集体评审，个人影响有限")
    await grade(leader, "high", "分管领域资金量大")
    point = (await call(s, "GET", f"/review/risk-points/{supplier}", head)).json()
    assert (point["assessment"]["proposed_grade"], point["grade"], point["grade_label"]) == (
        "medium",
        "low",
        "低",
    )

    # 4. The department meeting: seven people, so all seven; one missing is refused, unstored.
    members = [o.persons[n] for n in ("1001", "1002", "1003", "1004", "1005", "1006", "1007")]
    before = events(s)
    meeting = {"department_id": wz, "held_on": "2026-01-15", "topic": "岗位廉洁风险点审核"}
    r = await call(
        s,
        "POST",
        "/review/meetings",
        head,
        422,
        json={**meeting, "attendee_ids": [m for m in members if m != o.persons["1005"]]},
    )
    assert [m["name"] for m in r.json()["missing"]] == ["陈静"]
    assert "all must attend" in r.json()["detail"]
    assert events(s) == before
    assert (await call(s, "GET", "/review/meetings", head)).json()["total"] == 0
    await call(s, "POST", "/review/meetings", zhang, 403, json={**meeting, "attendee_ids": members})
    meeting_id = (
        await call(
            s, "POST", "/review/meetings", head, 201, json={**meeting, "attendee_ids": members}
        )
    ).json()["id"]

    # 5. Measures (防控措施); a high risk needs two, one of them supervision.
    async def measure(
        point: str, text: str, kind: str, stage: str, who: dict = head, **more: object
    ) -> str:
        body = {"text": text, "type": kind, "stage": stage, **more}
        r = await call(s, "POST", f"/review/risk-points/{point}/measures", who, 201, json=body)
        return str(r.json()["id"])

    await measure(need, "采购需求须经计划员复核并留痕", "process", "prevention")
    r = await call(s, "POST", f"/review/risk-points/{need}/submission", head, 422)
    assert "at least 2" in r.json()["detail"]
    await measure(
        need,
        "监察部对采购需求每季度抽查",
        "supervision",
        "monitoring",
        responsible_person_id=o.persons["0101"],
        due_on="2026-03-31",
    )
    await measure(check, "采购计划集体审议", "institution", "prevention")
    await measure(check, "分管领导定期听取采购审核情况汇报", "supervision", "monitoring")
    cut = await measure(supplier, "供应商评价由三人以上小组打分", "process", "prevention")
    await measure(leader, "重大采购事项党委会集体决策", "institution", "prevention", office)
    await measure(leader, "纪委全程监督重大采购", "supervision", "handling", office)

    # 6. The ladder sends each point to its approver, by the owner's rank and scope.
    async def submit(point: str, who: dict[str, str] = head) -> dict:
        return (await call(s, "POST", f"/review/risk-points/{point}/submission", who, 201)).json()

    routed = {p: await submit(p) for p in (need, check, supplier)}
    routed[leader] = await submit(leader, office)
    assert {p: r["role"] for p, r in routed.items()} == {
        need: "department_meeting",
        check: "leader_in_charge",
        supplier: "department_meeting",
        leader: "party_committee",
    }
    assert routed[check]["person_names"] == ["王建国"]
    assert routed[check]["owner_rank_label"] == "中层干部"
    assert routed[supplier]["owner_rank"] == "key_post"  # the post's holders: key-post staff
    waiting = (await call(s, "GET", "/review/approvals", wang)).json()
    assert [p["id"] for p in waiting["items"]] == [check]
    mine = (await call(s, "GET", "/review/approvals", head)).json()
    assert {p["id"] for p in mine["items"]} == {need, supplier}

    # 7. Approval: only the approver the ladder named; the meeting approves the key posts.
    decide = {"comment": "同意", "meeting_id": meeting_id}
    await call(s, "POST", f"/review/risk-points/{need}/approval", wang, 403, json=decide)
    r = await call(s, "POST", f"/review/risk-points/{need}/approval", head, 422, json={})
    assert "meeting" in r.json()["detail"]
    approved = await call(s, "POST", f"/review/risk-points/{need}/approval", head, 201, json=decide)
    await call(s, "POST", f"/review/risk-points/{need}/approval", head, 409, json=decide)
    await call(s, "POST", f"/review/risk-points/{check}/approval", liu, 403, json={})
    await call(s, "POST", f"/review/risk-points/{check}/approval", head, 403, json=decide)
    await call(
        s, "POST", f"/review/risk-points/{check}/approval", wang, 201, json={"comment": "同意"}
    )
    await call(s, "POST", f"/review/risk-points/{leader}/approval", committee, 201, json={})
    # The meeting returns the supplier point; the head sharpens the measure and re-submits.
    await call(
        s,
        "POST",
        f"/review/risk-points/{supplier}/return",
        head,
        204,
        json={"comment": "措施需明确评价小组的组成", "meeting_id": meeting_id},
    )
    await call(
        s,
        "PATCH",
        f"/review/risk-points/{supplier}/measures/{cut}",
        head,
        204,
        json={"text": "供应商评价由采购、质检、监察三方组成的小组打分"},
    )
    assert (await submit(supplier))["role"] == "department_meeting"
    await call(s, "POST", f"/review/risk-points/{supplier}/approval", head, 201, json=decide)

    listed = (
        await call(s, "GET", "/review/risk-points", office, params={"status": "approved"})
    ).json()
    assert listed["total"] == 4
    frozen = approved.json()["approved_version"]
    assert (await call(s, "GET", f"/review/risk-points/{need}", office)).json()["version"] == frozen

    # 8. The registry amends the procurement power: its points reopen, the other stays.
    await call(
        s,
        "PATCH",
        f"/registry/powers/{o.powers['WZ-001']}",
        office,
        200,
        json={"reason": "依据新修订的采购制度调整", "procedure": "需求—复核—审核—审批"},
    )

    async def reopened() -> dict:
        body = (
            await call(s, "GET", "/review/risk-points", office, params={"needs_re_review": True})
        ).json()
        return body if body["total"] == 3 else {}

    flagged = await eventually(reopened)
    assert {p["id"] for p in flagged["items"]} == {need, check, leader}
    assert {p["status"] for p in flagged["items"]} == {"reopened"}
    point = (await call(s, "GET", f"/review/risk-points/{need}", zhang)).json()
    assert point["re_review"][0]["cause"] == "power_amended"
    assert point["re_review"][0]["reason"] == (
        "职权“WZ-001 物资采购计划审批”修订为第2版（程序）：依据新修订的采购制度调整"
    )
    still = (await call(s, "GET", f"/review/risk-points/{supplier}", head)).json()
    assert (still["status"], still["needs_re_review"]) == ("approved", False)
    as_approved = (await call(s, "GET", f"/review/risk-points/{need}/approved", office)).json()
    assert (as_approved["status"], as_approved["version"]) == ("approved", frozen)

    # The owner is told: review's events on Kafka name the department, post and person.
    published = await _bodies(s)
    bodies = [(t, b) for t, b in published if b.get("risk_point_id") == need]
    kinds = [t.rsplit(".", 1)[1] for t, _ in bodies]
    assert kinds[-3:] == ["approved", "needs_re_review", "reopened"]
    told = next(b for t, b in bodies if t.endswith("needs_re_review"))
    assert told["owner"] == {
        "department_id": wz,
        "post_id": o.posts["WZ.CGY"],
        "person_id": o.persons["1002"],
        "scope": "post",
    }
    submitted = [b for t, b in published if t.endswith("submitted")]
    to_leader = next(b for b in submitted if b["risk_point_id"] == check)
    assert to_leader["approver"]["role"] == "leader_in_charge"
    assert to_leader["approver"]["person_ids"] == [o.persons["0001"]]


async def _bodies(s: System) -> list[tuple[str, dict]]:
    """Every event review published: (type, body). All but the scoring model's creation are."""
    topic = f"{s.platform.topic_prefix}.review.events"
    records = await read_topic(s.platform.kafka_bootstrap_servers, topic, events(s) - 1)
    return [(dict(r.headers)["ce_type"].decode(), json.loads(r.value)) for r in records]
