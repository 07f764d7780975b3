"""Story: the factory's organisation, its procurement powers (物资采购) with a 4-step flow, an
amendment and a transfer, then every query and both annexes as spreadsheets."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.registry.factory import bearer, call, register_organisation
from tests.support import System

pytestmark = pytest.mark.integration

AS_OF = "2026-06-30"


async def test_procurement_story(registry: System) -> None:
    s = registry
    f = await register_organisation(s)
    wz, cw = f.departments["WZ"], f.departments["CW"]
    office = bearer(s, "office", user="office-1")
    head = bearer(s, "dept_head", user="head-wz", department_id=wz)
    reader = bearer(s, "dept_staff", user="staff-1")

    # The organisation reads back as a tree.
    tree = (await call(s, "GET", "/departments/tree", reader)).json()
    assert [d["code"] for d in tree] == ["XY"]
    assert [d["name"] for d in tree[0]["children"]] == ["财务部", "监察部", "物资供应部"]

    # The office catalogues procurement powers; the department head adds one of their own.
    def power(code: str, name: str, category: str, **more: str) -> dict[str, object]:
        return {
            "department_id": wz,
            "code": code,
            "name": name,
            "category": category,
            "content": f"{name}的办理",
            "basis": "《物资采购管理办法》（2017）",
            "handling_department": "物资供应部",
            "subject": "物资供应部",
            **more,
        }

    plan = (
        await call(
            s,
            "POST",
            "/powers",
            office,
            201,
            json=power("WZ-001", "物资采购计划审批", "approval", time_limit="5个工作日"),
        )
    ).json()["id"]
    supplier = (
        await call(
            s,
            "POST",
            "/powers",
            office,
            201,
            json={**power("WZ-002", "供应商选择与评价", "decision"), "activate": True},
        )
    ).json()["id"]
    intake = (
        await call(
            s, "POST", "/powers", head, 201, json=power("WZ-003", "物资验收入库", "execution")
        )
    ).json()["id"]
    pay = (
        await call(
            s,
            "POST",
            "/powers",
            office,
            201,
            json={
                "department_id": cw,
                "code": "CW-001",
                "name": "资金支付审批",
                "category": "finance",
                "content": "采购款项支付的审核",
                "activate": True,
            },
        )
    ).json()["id"]
    for pid in (plan, intake):
        await call(s, "POST", f"/powers/{pid}/activation", office, 204)
    await call(s, "POST", "/powers", office, 409, json=power("WZ-001", "重复", "approval"))

    # Responsibility items (annex 2) with the accountable posts.
    for text, post in (("对采购需求的真实性、必要性负责", "WZ.CGY"), ("审核采购计划", "WZ.ZR")):
        await call(
            s,
            "POST",
            f"/powers/{plan}/responsibilities",
            head,
            201,
            json={"description": text, "post_id": f.posts[post]},
        )
    await call(
        s,
        "POST",
        f"/powers/{intake}/responsibilities",
        head,
        201,
        json={"description": "核对到货数量与质量", "post_id": f.posts["WZ.BGY"]},
    )

    # The 4-step flow: added out of order, one step on the wrong post, one too many.
    async def step(name: str, post: str, **more: object) -> str:
        body = {"name": name, "post_id": f.posts[post], **more}
        return (await call(s, "POST", f"/powers/{plan}/steps", head, 201, json=body)).json()["id"]

    need = await step("提出采购需求", "WZ.CGY", description="填写采购申请单")
    finance = await step("财务审核", "CW.KJ")
    dept = await step("部门审核", "WZ.ZR", position=2)
    sign = await step("分管领导审批", "XY.FCZ")
    extra = await step("归档", "WZ.BGY")
    await call(s, "DELETE", f"/powers/{plan}/steps/{extra}", head, 204)
    await call(
        s,
        "PATCH",
        f"/powers/{plan}/steps/{finance}",
        office,
        204,
        json={"post_id": f.posts["CW.ZR"]},
    )
    await call(
        s, "PUT", f"/powers/{plan}/steps", head, 204, json={"step_ids": [need, dept, finance, sign]}
    )
    await call(s, "PUT", f"/powers/{plan}/steps", head, 422, json={"step_ids": [need, dept]})
    flow = (await call(s, "GET", f"/powers/{plan}/flow", reader)).json()["steps"]
    assert [(x["position"], x["name"], x["post_name"]) for x in flow] == [
        (1, "提出采购需求", "采购员"),
        (2, "部门审核", "物资供应部主任"),
        (3, "财务审核", "财务部主任"),
        (4, "分管领导审批", "副厂长"),
    ]
    chart = (await call(s, "GET", f"/powers/{plan}/flow.mmd", reader)).text
    assert chart.splitlines()[:2] == ["flowchart TD", '    start(["WZ-001 物资采购计划审批"])']
    assert 's3["3. 财务审核<br/><small>财务部 · 财务部主任</small>"]' in chart
    assert "s4 --> finish" in chart and "class s1,s2,s3,s4 keyPost" in chart

    # An amendment: a new revision, with its reason; the first stays readable.
    r = await call(
        s,
        "PATCH",
        f"/powers/{supplier}",
        head,
        200,
        json={
            "reason": "依据新修订的制度调整",
            "basis": "《供应商管理办法》（2024修订）",
            "supervision": "监察部全程监督",
        },
    )
    assert r.json() == {"revision": 2}
    versions = (await call(s, "GET", f"/powers/{supplier}/versions", reader)).json()
    assert [(v["revision"], v["reason"], v["changed_by"]) for v in versions] == [
        (1, "", "office-1"),
        (2, "依据新修订的制度调整", "head-wz"),
    ]
    assert versions[1]["changed"] == ["basis", "supervision"]
    first = (await call(s, "GET", f"/powers/{supplier}/versions/1", reader)).json()
    assert first["details"]["basis"] == "《物资采购管理办法》（2017）"
    now = (await call(s, "GET", f"/powers/{supplier}", reader)).json()
    assert (now["status"], now["status_label"], now["revision"]) == ("amended", "已修订", 2)
    assert now["basis"] == "《供应商管理办法》（2024修订）"
    old = (await call(s, "GET", f"/powers/{supplier}", reader, params={"version": 1})).json()
    assert old["basis"] == "《物资采购管理办法》（2017）" and old["status"] == "active"
    history = (await call(s, "GET", f"/powers/{supplier}/history", bearer(s, "auditor"))).json()
    assert [(h["event"], h["actor"]) for h in history] == [
        ("Registered", "office-1"),
        ("Amended", "head-wz"),
    ]

    # A transfer (轮岗): 张伟 leaves purchasing for the warehouse.
    zhang = f.persons["1002"]
    await call(
        s,
        "POST",
        f"/persons/{zhang}/transfers",
        bearer(s, "admin"),
        204,
        json={
            "from_post_id": f.posts["WZ.CGY"],
            "to_post_id": f.posts["WZ.BGY"],
            "effective_on": "2025-07-01",
        },
    )
    await call(
        s,
        "POST",
        f"/persons/{zhang}/transfers",
        bearer(s, "admin"),
        409,
        json={
            "from_post_id": f.posts["WZ.CGY"],
            "to_post_id": f.posts["WZ.BGY"],
            "effective_on": "2025-08-01",
        },
    )

    # Queries: powers by department, category, status, text, with pages.
    async def codes(**params: object) -> tuple[list[str], int]:
        body = (await call(s, "GET", "/powers", reader, params=params)).json()
        return [p["code"] for p in body["items"]], body["total"]

    assert await codes(department_id=wz) == (["WZ-001", "WZ-002", "WZ-003"], 3)
    assert await codes(category="decision") == (["WZ-002"], 1)
    assert await codes(status="amended") == (["WZ-002"], 1)
    assert await codes(q="验收") == (["WZ-003"], 1)
    assert await codes(in_force=True, limit=2, offset=2) == (["WZ-002", "WZ-003"], 4)
    listed = (await call(s, "GET", "/powers", reader, params={"q": "支付", "lang": "en"})).json()
    assert listed["items"][0]["category_label"] == "Finance"

    # What may the purchaser's post do? (responsibility and step of WZ-001)
    mine = (await call(s, "GET", f"/posts/{f.posts['WZ.CGY']}/powers", reader)).json()
    assert [p["code"] for p in mine["items"]] == ["WZ-001"]
    assert mine["items"][0]["duties"] == [
        {"kind": "responsibility", "text": "对采购需求的真实性、必要性负责"},
        {"kind": "step", "text": "提出采购需求"},
    ]
    keeper = (
        await call(s, "GET", f"/posts/{f.posts['WZ.BGY']}", reader, params={"as_of": AS_OF})
    ).json()
    assert [h["person_name"] for h in keeper["holders"]] == ["赵敏", "张伟"]

    # A person's current posts and tenure; before the transfer, the old post.
    posts = (
        await call(s, "GET", f"/persons/{zhang}/posts", reader, params={"as_of": AS_OF})
    ).json()["items"]
    assert [(p["post_name"], p["start_on"], p["tenure_days"]) for p in posts] == [
        ("仓库保管员", "2025-07-01", 364)
    ]
    earlier = (
        await call(s, "GET", f"/persons/{zhang}/posts", reader, params={"as_of": "2025-06-30"})
    ).json()["items"]
    assert [(p["post_name"], p["tenure_years"]) for p in earlier] == [("采购员", 9.3)]
    wang = (await call(s, "GET", f"/persons/{f.persons['0001']}", reader)).json()
    assert wang["rank_label"] == "厂级领导"
    assert [d["code"] for d in wang["in_charge_of"]] == ["CW", "WZ"]
    leaders = (await call(s, "GET", "/persons", reader, params={"in_charge_of": wz})).json()
    assert [p["name"] for p in leaders["items"]] == ["王建国"]
    in_wz = (
        await call(s, "GET", "/persons", reader, params={"department_id": wz, "as_of": AS_OF})
    ).json()
    assert sorted(p["staff_no"] for p in in_wz["items"]) == ["1001", "1002", "1003"]

    # Rotation candidates: five years or more in the same post (the default), key posts only.
    async def due(**params: object) -> list[tuple[str, str]]:
        body = (
            await call(s, "GET", "/rotation-candidates", reader, params={"as_of": AS_OF, **params})
        ).json()
        return [(c["person_name"], c["post_name"]) for c in body["items"]]

    assert await due() == [
        ("李明", "物资供应部主任"),
        ("周强", "财务部主任"),
        ("王建国", "副厂长"),
        ("钱芳", "会计"),
    ]
    assert await due(key_only=True, years=8) == [("李明", "物资供应部主任"), ("周强", "财务部主任")]

    # Retiring a power keeps it in history and out of the annexes.
    await call(s, "POST", f"/powers/{pay}/retirement", office, 204, json={"reason": "职能调整"})
    assert await codes(status="retired") == (["CW-001"], 1)

    # Annex 1 (职权目录): title, the seed's headings, one row per power in force.
    r = await call(s, "GET", "/exports/annex1.xlsx", reader)
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(r.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "职权目录"
    assert rows[1] == [
        "序号",
        "部门编码",
        "部门名称",
        "职权编码",
        "职权名称",
        "职权类别",
        "职权内容",
        "制度依据",
        "办理部门",
        "主体",
        "条件",
        "程序",
        "时限",
        "责任",
        "监督方式",
        "状态",
        "版本",
    ]
    assert [(x[3], x[5], x[15], x[16]) for x in rows[2:]] == [
        ("WZ-001", "审批权", "生效", 1),
        ("WZ-002", "决策权", "已修订", 2),
        ("WZ-003", "执行权", "生效", 1),
    ]
    assert rows[3][7] == "《供应商管理办法》（2024修订）" and rows[2][12] == "5个工作日"

    # Annex 2 (权力和责任清单): items, accountable posts and who holds them today.
    r = await call(s, "GET", "/exports/annex2.xlsx", reader, params={"department_id": wz})
    rows = [
        list(row) for row in load_workbook(BytesIO(r.content)).active.iter_rows(values_only=True)
    ]
    assert rows[0][0] == "权力和责任清单"
    assert rows[1] == [
        "序号",
        "部门编码",
        "部门名称",
        "职权编码",
        "职权名称",
        "职权类别",
        "责任事项",
        "责任岗位",
        "重点岗位",
        "责任人",
    ]
    assert [(x[3], x[6], x[7], x[8], x[9]) for x in rows[2:]] == [
        ("WZ-001", "对采购需求的真实性、必要性负责", "采购员", "是", None),
        ("WZ-001", "审核采购计划", "物资供应部主任", "是", "李明"),
        ("WZ-002", None, None, None, None),
        ("WZ-003", "核对到货数量与质量", "仓库保管员", "是", "赵敏、张伟"),
    ]
    r = await call(s, "GET", "/exports/annex2.xlsx", reader, params={"lang": "zh-Hant"})
    assert load_workbook(BytesIO(r.content)).active["G2"].value == "責任事項"
