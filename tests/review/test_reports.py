"""Common points merged by the office, the heat map, lists with filters and pages, and the
annexes as spreadsheets in Chinese: 风险与措施清单 (3) and the registration forms (4, 5, 6)."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.review.flows import approved_by_meeting, graded, measured, propose, ready
from tests.review.org import bearer, call, events, register_factory, staff
from tests.support import System

pytestmark = pytest.mark.integration
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def test_merging_reports_and_forms(system: System) -> None:
    s = system
    o = await register_factory(s)
    wz, jc = o.departments["WZ"], o.departments["JC"]
    head = staff(s, o, "1001", "dept_head")
    jc_head = staff(s, o, "0101", "dept_head", dept="JC")
    office = bearer(s, "office")
    auditor = bearer(s, "auditor")
    cgy = o.posts["WZ.CGY"]

    # Two departments propose the same common risk; the office merges them for the factory.
    gifts = await propose(
        s, head, scope="common_middle", category="ideology", description="节日期间收受供应商礼品",
        department_id=wz,
    )  # fmt: skip
    banquets = await propose(
        s, jc_head, scope="common_middle", category="ideology", description="接受管理服务对象宴请",
        department_id=jc,
    )  # fmt: skip
    post_only = await propose(
        s, head, scope="post", category="business_process", description="虚报采购需求",
        post_id=cgy, person_id=o.persons["1002"], power_id=o.powers["WZ-001"],
    )  # fmt: skip
    merge = {
        "risk_point_ids": [gifts, banquets],
        "category": "ideology",
        "description": "节假日等重点时段收受礼品礼金、接受宴请",
        "department_id": jc,
    }
    await call(s, "POST", "/review/risk-points/merges", head, 403, json=merge)
    before = events(s)
    await call(
        s, "POST", "/review/risk-points/merges", office, 409,
        json={**merge, "risk_point_ids": [gifts, post_only]},
    )  # fmt: skip
    assert events(s) == before
    factory = (await call(s, "POST", "/review/risk-points/merges", office, 201, json=merge)).json()
    merged = (await call(s, "GET", f"/review/risk-points/{factory['id']}", office)).json()
    assert (merged["scope"], merged["scope_label"]) == ("common_factory", "厂级共性")
    assert set(merged["merged_from"]) == {gifts, banquets}
    source = (await call(s, "GET", f"/review/risk-points/{gifts}", office)).json()
    assert (source["status"], source["merged_into"]) == ("merged", factory["id"])
    await call(s, "PATCH", f"/review/risk-points/{gifts}", head, 409, json={"description": "改"})
    await ready(s, factory["id"], office)
    r = await call(s, "POST", f"/review/risk-points/{factory['id']}/submission", office, 201)
    assert (r.json()["role"], r.json()["role_label"]) == ("party_committee", "厂党委会")

    # More points: the purchaser's (approved by the meeting), the head's own, a low one.
    await ready(s, post_only, head)
    await approved_by_meeting(s, o, post_only, head)
    own = await propose(
        s, head, scope="post", category="power_operation", description="审核采购计划把关不严",
        post_id=o.posts["WZ.ZR"], person_id=o.persons["1001"],
    )  # fmt: skip
    await graded(s, own, head, "medium", {k: 3 for k in ("importance", "discretion",
                 "funds_flow", "probability", "concealment", "harm")})  # fmt: skip
    await measured(s, own, head, "institution")
    await call(s, "POST", f"/review/risk-points/{own}/submission", head, 201)
    keeper = await propose(
        s, head, scope="post", category="post_duty", description="入库验收以次充好",
        post_id=o.posts["WZ.BGY"],
    )  # fmt: skip

    # Lists: filters, text search, pages; merged points only when asked for.
    async def ids(who: dict[str, str] = auditor, **params: object) -> tuple[list[str], int]:
        body = (await call(s, "GET", "/review/risk-points", who, params=params)).json()
        return [p["id"] for p in body["items"]], body["total"]

    assert (await ids())[1] == 4
    merged_ids, count = await ids(status="merged")
    assert (set(merged_ids), count) == ({gifts, banquets}, 2)
    assert await ids(department_id=wz, grade="high") == ([post_only], 1)
    assert await ids(q="采购", scope="post") == ([post_only, own], 2)
    assert await ids(q="100%") == ([], 0)
    assert await ids(approver_role="party_committee") == ([factory["id"]], 1)
    first, total = await ids(limit=2, offset=0)
    second, _ = await ids(limit=2, offset=2)
    assert total == 4 and len(set(first + second)) == 4
    english = (await call(s, "GET", "/review/risk-points", auditor, params={"lang": "en"})).json()
    assert {p["category_label"] for p in english["items"]} >= {"Ideology and morality"}

    # The heat map: department × grade, category × grade.
    heat = (await call(s, "GET", "/review/heatmap", auditor)).json()
    by_dept = {d["department_name"]: d for d in heat["by_department"]}
    cells = ("high", "medium", "low", "ungraded", "total")
    assert [by_dept["物资供应部"][k] for k in cells] == [1, 1, 0, 1, 3]
    assert by_dept["监察部"]["high"] == 1
    assert heat["totals"]["total"] == 4
    ideology = next(c for c in heat["by_category"] if c["category"] == "ideology")
    assert (ideology["category_label"], ideology["high"]) == ("思想道德", 1)
    mine = (await call(s, "GET", "/review/heatmap", jc_head)).json()  # own department + common
    assert mine["totals"]["total"] == 1

    # Annex 3, 风险与措施清单: a row per measure; the point's cells span its measures.
    r = await call(s, "GET", "/review/exports/annex3.xlsx", auditor, params={"department_id": wz})
    assert r.headers["content-type"] == XLSX
    assert "filename*=UTF-8''%E9%A3%8E%E9%99%A9" in r.headers["content-disposition"]
    ws = load_workbook(BytesIO(r.content)).active
    rows = [list(row) for row in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "风险与措施清单"
    assert rows[1][:9] == [
        "序号", "部门", "岗位/人员", "风险点类别", "风险类型", "涉及职权", "业务环节",
        "风险点表现形式", "风险等级",
    ]  # fmt: skip
    assert [r[7] for r in rows[2:] if r[7]] == [
        "虚报采购需求",
        "审核采购计划把关不严",
        "入库验收以次充好",
    ]
    assert rows[2][:9] == [
        1, "物资供应部", "采购员 / 张伟", "岗位个性", "业务流程", "WZ-001 物资采购计划审批", None,
        "虚报采购需求", "高",
    ]  # fmt: skip
    assert rows[2][9:12] == ["措施1", "流程", "前期预防"] and rows[3][9:11] == ["措施2", "监督"]
    assert rows[3][0] is None and "A3:A4" in {str(m) for m in ws.merged_cells.ranges}
    assert rows[2][15] == "已审核"
    hant = await call(s, "GET", "/review/exports/annex3.xlsx", auditor, params={"lang": "zh-Hant"})
    assert load_workbook(BytesIO(hant.content)).active["A1"].value == "風險與措施清單"

    # Registration forms: annex 4 for key-post staff, 5 for middle cadres, 6 for leaders.
    async def form(person: str, **params: object) -> object:
        url = f"/review/exports/registration-forms/{o.persons[person]}.xlsx"
        return load_workbook(BytesIO((await call(s, "GET", url, head, params=params)).content))

    zhang = (await form("1002")).active
    assert zhang["A1"].value == "重点岗位人员廉洁风险点防控登记表"
    assert [c.value for c in zhang[2]][:6] == [
        "姓名",
        "张伟",
        "工号",
        "1002",
        "职级",
        "重点岗位人员",
    ]
    assert [c.value for c in zhang[3]][:4] == ["部门", "物资供应部", "岗位", "采购员"]
    line = [c.value for c in zhang[5]]
    assert line[4] == "虚报采购需求" and line[5] == "高"
    assert line[6].startswith("1. 措施1（流程·前期预防）")
    assert line[8].startswith("部门会议 2026-01-15\n参会人员：") and "陈静" in line[8]
    assert line[9] == "同意"
    li = (await form("1001")).active
    assert li["A1"].value == "中层干部廉洁风险点防控登记表"
    assert [c.value for c in li[5]][7:9] == ["待审核", "分管厂领导"]  # where it went
    english = (await form("1001", lang="en")).active
    assert english["A1"].value == "Integrity risk registration form: middle cadres"
    bulk = await call(
        s, "GET", "/review/exports/registration-forms.xlsx", auditor,
        params={"annex": 4, "department_id": wz},
    )  # fmt: skip
    sheets = load_workbook(BytesIO(bulk.content)).sheetnames
    assert [name[:2] for name in sheets] == ["张伟", "赵敏", "刘洋", "陈静", "杨帆", "黄磊"]
    assert sheets[0] == "张伟（1002）"
    leaders = await call(
        s, "GET", "/review/exports/registration-forms.xlsx", auditor, params={"annex": 6}
    )
    assert (
        load_workbook(BytesIO(leaders.content)).active["A1"].value == "厂级领导廉洁风险点防控登记表"
    )
    await call(
        s, "GET", "/review/exports/registration-forms.xlsx", auditor, 422, params={"annex": 7}
    )
    await call(
        s, "GET", f"/review/exports/registration-forms/{o.persons['1002']}.xlsx", jc_head, 403
    )
    assert keeper
