"""Publication (公开) of approved lists as immutable versions one can cite; coverage of each
department by identification, commitments and briefings; the rotation watch (轮岗)."""

from __future__ import annotations

import asyncio

import pytest

from tests.review.duties import approved_post_point, committed, day
from tests.review.org import bearer, call, events, register_factory, staff
from tests.support import System, eventually

pytestmark = pytest.mark.integration


async def test_published_versions_stay_as_published(system: System) -> None:
    s = system
    o = await register_factory(s)
    wz, office = o.departments["WZ"], bearer(s, "office", user="office-1")
    head = staff(s, o, "1001", "dept_head")
    plan = o.powers["WZ-001"]
    body = {"description": "审批采购计划", "post_id": o.posts["WZ.ZR"]}
    await call(s, "POST", f"/registry/powers/{plan}/responsibilities", office, 201, json=body)
    first = await approved_post_point(s, o, "WZ.CGY", head)

    # Nothing approved yet in 监察部; only the office publishes; bad input stores nothing.
    before = events(s)
    risks = {"kind": "risks_and_measures", "department_id": wz}
    await call(s, "POST", "/review/publications", head, 403, json=risks)
    await call(s, "POST", "/review/publications", office, 422,
               json={**risks, "department_id": o.departments["JC"]})  # fmt: skip
    await call(s, "POST", "/review/publications", office, 422, json={**risks, "kind": "x"})
    assert events(s) == before
    v1 = (await call(s, "POST", "/review/publications", office, 201, json=risks)).json()
    assert v1["version"] == 1
    await call(s, "POST", "/review/publications", office, 422, json=risks)  # unchanged

    # Another point approved: version 2; version 1 reads as it was, and is cited as such.
    await approved_post_point(s, o, "WZ.BGY", head)
    v2 = (await call(s, "POST", "/review/publications", office, 201, json=risks)).json()
    assert v2["version"] == 2
    old = (await call(s, "GET", f"/review/publications/{v1['id']}", head)).json()
    new = (await call(s, "GET", f"/review/publications/{v2['id']}", head)).json()
    assert [r["risk_point_id"] for r in old["rows"]] == [first]
    assert len(new["rows"]) == 2 and old["digest"] != new["digest"]
    assert old["citation"] == f"《物资供应部风险与措施清单》第1版（{day(s, 0)}）"
    assert old["rows"][0]["post_name"] == "采购员" and old["rows"][0]["grade"] == "high"

    # The powers and responsibilities of the department, with the accountable posts.
    powers = {"kind": "powers_and_responsibilities", "department_id": wz}

    def responsibility_replicated() -> bool:  # a publication is immutable: wait, then publish
        with s.services["review"].db.transaction() as conn:
            row = conn.execute(
                "SELECT 1 FROM org_responsibilities WHERE power_id = %s", (plan,)
            ).fetchone()
        return row is not None

    await eventually(lambda: asyncio.to_thread(responsibility_replicated))
    await call(s, "POST", "/review/publications", office, 201, json=powers)
    listed = await call(s, "GET", "/review/publications", head, params={"department_id": wz})
    kinds = [(p["kind_label"], p["version"]) for p in listed.json()["items"]]
    assert sorted(kinds) == [("权力和责任清单", 1), ("风险与措施清单", 1), ("风险与措施清单", 2)]
    pr = next(p for p in listed.json()["items"] if p["kind"] == "powers_and_responsibilities")
    rows = (await call(s, "GET", f"/review/publications/{pr['id']}", head)).json()["rows"]
    assert [(r["code"], r["responsibilities"]) for r in rows] == [
        ("WZ-001", [{"description": "审批采购计划", "post_name": "物资供应部主任"}]),
        ("WZ-002", []),
    ]


async def test_coverage_and_rotation_watch(system: System) -> None:
    s = system
    o = await register_factory(s)
    wz, admin = o.departments["WZ"], bearer(s, "admin")
    discipline = bearer(s, "discipline", user="jiwei-1")
    head = staff(s, o, "1001", "dept_head")
    await approved_post_point(s, o, "WZ.CGY", head)
    await committed(s, o.persons["1002"], head, staff(s, o, "1002"))
    body = {"level": "department", "title": "物资供应部廉洁风险交底", "held_on": day(s, 0),
            "department_id": wz}  # fmt: skip
    briefing = (await call(s, "POST", "/review/briefings", head, 201, json=body)).json()["id"]
    for person in ("1002", "1007"):
        await call(s, "POST", f"/review/briefings/{briefing}/acknowledgements",
                   staff(s, o, person), 201, json={})  # fmt: skip

    r = await call(s, "GET", "/review/coverage", discipline, params={"department_id": wz})
    row = r.json()["departments"][0]
    c = row["counts"]
    # Seven people in six posts; 张伟 and 黄磊 hold the purchaser's post, which has a point, and
    # both acknowledged the department's briefing; 张伟 alone has signed a commitment.
    assert (c["people"], c["people_identified"], c["people_committed"], c["people_briefed"]) == (
        7,
        2,
        1,
        2,
    )
    assert (c["posts"], c["posts_identified"], c["posts_briefed"]) == (6, 1, 1)
    assert row["shares"]["people_identified"] == round(2 / 7, 4)
    await call(s, "GET", "/review/coverage", staff(s, o, "1002"), expect=403)

    # Everyone in a key post since 2020 is past five years; 张伟 moved this year starts again.
    await call(s, "POST", f"/registry/persons/{o.persons['1002']}/transfers", admin, 204,
               json={"from_post_id": o.posts["WZ.CGY"], "to_post_id": o.posts["WZ.BGY"],
                     "effective_on": day(s, -1)})  # fmt: skip

    async def moved() -> list[str]:
        r = await call(s, "GET", "/review/rotation-watch", discipline,
                       params={"department_id": wz})  # fmt: skip
        names = [x["person_name"] for x in r.json()]
        return names if "张伟" not in names else []

    names = await eventually(moved)
    assert sorted(names) == sorted(["李明", "赵敏", "刘洋", "黄磊"])
    soon = await call(s, "GET", "/review/rotation-watch", discipline,
                      params={"department_id": wz, "years": 1, "within_days": 400})  # fmt: skip
    assert "张伟" in [x["person_name"] for x in soon.json()]
