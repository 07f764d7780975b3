"""Integrity commitments (廉洁承诺): generated from rank, posts and the approved risk points and
measures; made to whom the ladder says; signed (who, when, which version); received; publicised
(公示) for a period; stale when a measure it lists changes; letters from editable templates."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.review.duties import approved_common, approved_post_point, committed, day
from tests.review.org import bearer, call, events, register_factory, staff
from tests.support import System

pytestmark = pytest.mark.integration


async def test_recipients_signature_receipt_publicity_and_letters(system: System) -> None:
    s = system
    o = await register_factory(s)
    office = bearer(s, "office", user="office-1")
    head = staff(s, o, "1001", "dept_head")
    zhang_id, zhang = o.persons["1002"], staff(s, o, "1002")
    common = await approved_common(s, o)

    async def recipient(staff_no: str) -> str:
        person = o.persons[staff_no]
        await call(s, "POST", "/review/commitments", office, 201, json={"person_id": person})
        c = (await call(s, "GET", f"/review/commitments/{person}", office)).json()
        return str(c["content"]["recipient_text"])

    # The ladder: key-post staff → department leadership; middle cadre → the leader in charge;
    # factory leader → the party secretary; the party secretary → the party body above.
    assert await recipient("1002") == "物资供应部领导班子"
    assert await recipient("1001") == "分管厂领导王建国"
    assert await recipient("0001") == "党委书记孙丽"
    assert await recipient("0003") == "上级党组织"

    # Signed by the person, for the version and content they read.
    c = (await call(s, "GET", f"/review/commitments/{zhang_id}", zhang)).json()["content"]
    assert [i["risk_point_id"] for i in c["items"]] == [common]
    path = f"/review/commitments/{zhang_id}/signature"
    before = events(s)
    await call(s, "POST", path, head, 403, json={"version": 1, "digest": c["digest"]})
    await call(s, "POST", path, zhang, 409, json={"version": 1, "digest": "0" * 64})
    await call(s, "POST", path, zhang, 422, json={"version": 1, "digest": "not-a-digest"})
    assert events(s) == before
    await call(s, "POST", path, zhang, 204, json={"version": 1, "digest": c["digest"]})
    await call(s, "POST", path, zhang, 409, json={"version": 1, "digest": c["digest"]})

    # Received by the department's head (not another department's), publicised for a week.
    other_head = bearer(s, "dept_head", department_id=o.departments["JC"])
    receipt = f"/review/commitments/{zhang_id}/receipt"
    await call(s, "POST", receipt, other_head, 403, json={"version": 1})
    await call(s, "POST", receipt, head, 204, json={"version": 1})
    period = (await call(s, "POST", f"/review/commitments/{zhang_id}/publicity", head, 201,
                         json={"version": 1})).json()  # fmt: skip
    assert period == {"start_on": day(s, 0), "end_on": day(s, 7)}
    shown = await call(s, "GET", "/review/commitments", zhang, params={"publicised_on": day(s, 3)})
    assert [(x["person_name"], x["publicised_now"]) for x in shown.json()["items"]] == [
        ("张伟", True)
    ]
    # 李明's goes to his leader in charge, not to another leader.
    li = o.persons["1001"]
    li_c = (await call(s, "GET", f"/review/commitments/{li}", office)).json()["content"]
    await call(s, "POST", f"/review/commitments/{li}/signature", staff(s, o, "1001"), 204,
               json={"version": 1, "digest": li_c["digest"]})  # fmt: skip
    liu = staff(s, o, "0002", "leader", dept="XY")
    wang = staff(s, o, "0001", "leader", dept="XY")
    await call(s, "POST", f"/review/commitments/{li}/receipt", liu, 403, json={"version": 1})
    await call(s, "POST", f"/review/commitments/{li}/receipt", wang, 204, json={"version": 1})

    # A point newly approved for the purchaser's post makes his commitment incomplete: stale.
    await approved_post_point(s, o, "WZ.CGY", head)
    c = (await call(s, "GET", f"/review/commitments/{zhang_id}", zhang)).json()
    assert (c["status"], c["owed"]["cause"]) == ("stale", "risk_points_changed")
    assert c["owed"]["reason"] == "风险点“WZ.CGY岗位环节中为特定供应商谋取利益”已审核"
    assert (await call(s, "GET", f"/review/commitments/{li}", office)).json()["status"] == "signed"

    # The letter, from the template: the fixed clauses, the points, who signed when.
    letter = (await call(s, "GET", f"/review/exports/commitment-letters/{zhang_id}.md", zhang)).text
    assert "《中华人民共和国烟草专卖法》" in letter
    assert "1. 利用职务便利收受礼品礼金（厂级共性，风险等级：中）" in letter
    assert f"承诺人：张伟　　签订日期：{day(s, 0)}" in letter
    assert "接收人：物资供应部领导班子" in letter
    english = await call(s, "GET", f"/review/exports/commitment-letters/{zhang_id}.md", zhang,
                         params={"lang": "en"})  # fmt: skip
    assert "Tobacco Monopoly Law" in english.text and "the leadership of 物资供应部" in english.text
    sheet = await call(s, "GET", f"/review/exports/commitment-letters/{zhang_id}.xlsx", zhang)
    ws = load_workbook(BytesIO(sheet.content)).active
    cells = [row[0] for row in ws.iter_rows(values_only=True)]
    assert cells[0] == "廉洁承诺书" and "利用职务便利收受礼品礼金" in [
        row[3] for row in ws.iter_rows(values_only=True)
    ]


async def test_a_commitment_goes_stale_when_a_measure_it_lists_changes(system: System) -> None:
    s = system
    o = await register_factory(s)
    office = bearer(s, "office", user="office-1")
    head = staff(s, o, "1001", "dept_head")
    zhang_id, zhang = o.persons["1002"], staff(s, o, "1002")
    point = await approved_post_point(s, o, "WZ.CGY", head)
    await committed(s, zhang_id, head, zhang)
    c = (await call(s, "GET", f"/review/commitments/{zhang_id}", zhang)).json()
    measure = c["content"]["items"][0]["measures"][0]
    assert [i["risk_point_id"] for i in c["content"]["items"]] == [point]

    # Progress on the measure is not a change of what he committed to.
    progress = {"status": "in_progress"}
    mpath = f"/review/risk-points/{point}/measures/{measure['measure_id']}"
    await call(s, "PATCH", mpath, head, 204, json=progress)
    assert (await call(s, "GET", f"/review/commitments/{zhang_id}", zhang)).json()["status"] == (
        "signed"
    )
    # A new text of the measure is: the point reopens and the commitment is stale.
    await call(s, "PATCH", mpath, head, 204, json={"text": "采购需求须经计划员复核后提交"})
    c = (await call(s, "GET", f"/review/commitments/{zhang_id}", zhang)).json()
    assert c["status"] == "stale"
    assert c["owed"]["cause"] == "measures_changed"
    assert c["owed"]["reason"] == "风险点“WZ.CGY岗位环节中为特定供应商谋取利益”的防控措施已变更"
    owed = await call(s, "GET", "/review/commitments", office, params={"owed": True})
    assert [x["person_name"] for x in owed.json()["items"]] == ["张伟"]
    history = await call(s, "GET", f"/review/commitments/{zhang_id}/history", office)
    assert [h["event"] for h in history.json()] == ["Opened", "Generated", "Signed", "WentStale"]
    # A stale version cannot be signed again; a new one lists the point as it now stands.
    sign = {"version": 1, "digest": c["content"]["digest"]}
    await call(s, "POST", f"/review/commitments/{zhang_id}/signature", zhang, 409, json=sign)

    # The office edits the template: refused if it does not render, else the next version.
    before = events(s)
    bad = {"title": {"zh-Hans": "廉洁承诺书"}, "body": {"zh-Hans": "{{ nobody.name }}"}}
    await call(s, "POST", "/review/commitment-template/versions", office, 422, json=bad)
    await call(s, "POST", "/review/commitment-template/versions", head, 403, json=bad)
    assert events(s) == before
    new = {"title": {"zh-Hans": "廉洁从业承诺书"},
           "body": {"zh-Hans": "# {{ title }}\n{{ person.name }}向{{ recipient }}承诺。"
                               "{% for i in own_items %}{{ i.description }}{% endfor %}"},
           "note": "简化格式"}  # fmt: skip
    r = await call(s, "POST", "/review/commitment-template/versions", office, 201, json=new)
    assert r.json()["version"] == 2
    await committed(s, zhang_id, zhang, zhang)
    letter = await call(s, "GET", f"/review/exports/commitment-letters/{zhang_id}.md", zhang)
    own = "WZ.CGY岗位环节中为特定供应商谋取利益"
    assert letter.text == f"# 廉洁从业承诺书\n张伟向物资供应部领导班子承诺。{own}"
    # The first version still reads with the template it was signed with.
    old = await call(s, "GET", f"/review/exports/commitment-letters/{zhang_id}.md", zhang,
                     params={"version": 1})  # fmt: skip
    assert old.text.startswith("# 廉洁承诺书") and "烟草专卖法" in old.text
