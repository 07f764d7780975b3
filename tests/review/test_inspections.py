"""Quarterly supervision inspections (季度监督检查) by the discipline committee, findings with
follow-up, and the annual assessment (年度考核) whose breakdown adds up to the score; the
office's adjustment keeps the computed score in the history."""

from __future__ import annotations

import json
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.review.duties import approved_post_point, committed, day
from tests.review.org import bearer, call, events, register_factory, staff
from tests.support import System, read_topic

pytestmark = pytest.mark.integration


async def test_four_inspections_make_an_assessment_that_adds_up(system: System) -> None:
    s = system
    o = await register_factory(s)
    wz = o.departments["WZ"]
    discipline = bearer(s, "discipline", user="jiwei-1")
    office = bearer(s, "office", user="office-1")
    head = staff(s, o, "1001", "dept_head")
    await approved_post_point(s, o, "WZ.CGY", head)
    await committed(s, o.persons["1002"], head, staff(s, o, "1002"))

    # Only the discipline committee plans; a quarter is planned once per department.
    plan = {"year": 2026, "quarter": 1, "department_ids": [wz]}
    before = events(s)
    await call(s, "POST", "/review/inspections", office, 403, json=plan)
    await call(s, "POST", "/review/inspections", discipline, 422, json={**plan, "quarter": 5})
    assert events(s) == before
    ids = []
    for quarter in (1, 2, 3, 4):
        r = await call(s, "POST", "/review/inspections", discipline, 201,
                       json={**plan, "quarter": quarter})  # fmt: skip
        ids += r.json()["ids"]
    await call(s, "POST", "/review/inspections", discipline, 409, json=plan)
    first = (await call(s, "GET", f"/review/inspections/{ids[0]}", head)).json()
    assert (first["due_on"], first["status_label"]) == ("2026-04-15", "计划")

    # Q1 finds two problems; one is followed up and closed.
    owner = o.persons["1001"]
    high = {"item": "overdue_measures", "description": "采购计划审批措施未按期落实",
            "severity": "high", "owner_person_id": owner, "due_on": day(s, 10)}  # fmt: skip
    low = {**high, "item": "coverage", "severity": "low", "description": "统计员未参加风险排查"}
    f1 = (await call(s, "POST", f"/review/inspections/{ids[0]}/findings", discipline, 201,
                     json=high)).json()["id"]  # fmt: skip
    await call(s, "POST", f"/review/inspections/{ids[0]}/findings", discipline, 201, json=low)
    await call(s, "POST", f"/review/inspections/{ids[0]}/findings", discipline, 422,
               json={**low, "due_on": day(s, -1)})  # fmt: skip
    await call(s, "POST", f"/review/inspections/{ids[0]}/findings/{f1}/closure", discipline, 204,
               json={"note": "已整改"})  # fmt: skip
    checklist = (await call(s, "GET", f"/review/inspections/{ids[0]}/checklist", head)).json()
    assert (checklist["people"], checklist["people_to_commit"], checklist["people_committed"]) == (
        7,
        5,
        1,
    )  # 李明 and the four key-post staff must commit; 张伟 has
    for i in ids:
        await call(s, "POST", f"/review/inspections/{i}/completion", discipline, 204,
                   json={"summary": "按季度检查"})  # fmt: skip
    await call(s, "POST", f"/review/inspections/{ids[0]}/findings", discipline, 409, json=low)

    # The year's assessment: every component from the four frozen checklists and the findings.
    r = await call(s, "POST", "/review/assessments", discipline, 201, json={"year": 2026})
    assert [(x["department_id"], x["changed"]) for x in r.json()] == [(wz, True)]
    a = (await call(s, "GET", f"/review/assessments/{wz}/2026", office)).json()
    parts = {row["component"]: row for row in a["rows"]}
    assert parts["findings"]["value"] == 100 - 10 - 2  # one high, one low, none late
    assert parts["commitment"]["value"] == 20.0  # one of the five who must commit signed
    assert parts["identification"]["basis"]["quarters"] == [checklist["people_identified"] / 7] * 4
    assert round(sum(row["points"] for row in a["rows"]), 2) == a["score"] == a["computed_score"]
    assert sum(row["weight"] for row in a["rows"]) == pytest.approx(1)
    again = await call(s, "POST", "/review/assessments", discipline, 201, json={"year": 2026})
    assert again.json()[0]["changed"] is False

    # The office adjusts with a reason; the computation stays in the history.
    adj = f"/review/assessments/{wz}/2026/adjustment"
    await call(s, "POST", adj, discipline, 403, json={"score": 90, "reason": "x"})
    await call(s, "POST", adj, office, 422, json={"score": 90, "reason": ""})
    await call(s, "POST", adj, office, 204, json={"score": 90, "reason": "专项工作获上级表彰"})
    a2 = (await call(s, "GET", f"/review/assessments/{wz}/2026", office)).json()
    assert (a2["score"], a2["computed_score"]) == (90, a["score"])
    reason = "专项工作获上级表彰"
    assert a2["adjustment"] == {"from_score": a["score"], "to_score": 90, "reason": reason}
    assert [h["event"] for h in a2["history"]] == ["Assessed", "Adjusted"]
    assert a2["history"][0]["data"]["score"] == a["score"]

    table = await call(s, "GET", "/review/exports/assessment.xlsx", office, params={"year": 2026})
    rows = list(load_workbook(BytesIO(table.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "2026年度党风廉政建设责任制考核表"
    assert rows[2][1] == "物资供应部" and rows[2][-3:] == (a["score"], 90, "专项工作获上级表彰")

    # Notify routes the finding to its owner and the department, with the due date.
    records = await read_topic(s.platform.kafka_bootstrap_servers,
                               f"{s.platform.topic_prefix}.review.events", 1)  # fmt: skip
    sent = [
        json.loads(r.value)
        for r in records
        if dict(r.headers)["ce_type"] == b"lianfang.review.inspection.finding_assigned"
    ]
    assert [(x["owner_person_id"], x["department_id"], x["severity"]) for x in sent] == [
        (owner, wz, "high"), (owner, wz, "low")
    ]  # fmt: skip
