"""A transfer in the registry makes the person owe a briefing (交底) for the new post and a new
integrity commitment, within one propagation; acknowledging the seven knowings clears the
briefing, signing a new commitment clears the other; overdue briefings are reported once."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import pytest

from tests.review.duties import approved_common, committed, day, scan, today
from tests.review.org import bearer, call, events, register_factory, staff
from tests.support import System, eventually, read_topic

pytestmark = pytest.mark.integration
SEVEN = ["powers", "risk_points", "grades", "measures", "rules", "supervision", "accountability"]


async def test_a_transfer_owes_a_briefing_and_a_commitment_until_acknowledged(
    system: System,
) -> None:
    s = system
    o = await register_factory(s)
    admin, office = bearer(s, "admin"), bearer(s, "office", user="office-1")
    head = staff(s, o, "1001", "dept_head")  # 李明, head of 物资供应部
    zhang_id = o.persons["1002"]
    zhang = staff(s, o, "1002")  # 张伟, 采购员
    common = await approved_common(s, o)
    # Appointments registered with the factory (2020) are history: nobody owes anything yet.
    r = await call(s, "GET", "/review/briefing-dues", office)
    assert r.json()["total"] == 0
    await committed(s, zhang_id, head, zhang)
    signed = (await call(s, "GET", f"/review/commitments/{zhang_id}", zhang)).json()
    assert signed["status"] == "signed"
    assert [i["risk_point_id"] for i in signed["content"]["items"]] == [common]

    # 张伟 is transferred to the warehouse yesterday.
    moved = {"from_post_id": o.posts["WZ.CGY"], "to_post_id": o.posts["WZ.BGY"],
             "effective_on": day(s, -1)}  # fmt: skip
    await call(s, "POST", f"/registry/persons/{zhang_id}/transfers", admin, 204, json=moved)

    async def owed() -> list[dict[str, object]]:
        r = await call(s, "GET", "/review/briefing-dues", office, params={"person_id": zhang_id})
        return list(r.json()["items"])

    dues = await eventually(owed)
    assert [(d["post_name"], d["status"], d["due_on"], d["late"]) for d in dues] == [
        ("仓库保管员", "owed", day(s, 29), False)
    ]
    c = (await call(s, "GET", f"/review/commitments/{zhang_id}", zhang)).json()
    assert c["status"] == "stale"
    assert c["owed"]["cause"] == "post_changed"
    assert c["owed"]["reason"] == f"张伟于{day(s, -1)}调任“仓库保管员”"
    assert c["owed"]["renew_by"] == day(s, 29)

    # Notify can route both from the events alone: the person, the department, the date.
    records = await read_topic(s.platform.kafka_bootstrap_servers,
                               f"{s.platform.topic_prefix}.review.events", 1)  # fmt: skip
    sent = {dict(r.headers)["ce_type"].decode(): json.loads(r.value) for r in records}
    owed_event = sent["lianfang.review.briefing.owed"]
    assert (owed_event["person_id"], owed_event["department_id"], owed_event["due_on"]) == (
        zhang_id,
        o.departments["WZ"],
        day(s, 29),
    )
    assert sent["lianfang.review.commitment.stale"]["renew_by"] == day(s, 29)

    # The head briefs him for the new post; three knowings are not enough to clear it.
    body = {"level": "individual", "title": "仓库保管岗位廉洁风险交底", "held_on": day(s, 0),
            "person_ids": [zhang_id]}  # fmt: skip
    briefing = (await call(s, "POST", "/review/briefings", head, 201, json=body)).json()["id"]
    path = f"/review/briefings/{briefing}/acknowledgements"
    await call(s, "POST", path, head, 403, json={"knowings": SEVEN})  # not of the audience
    part = (await call(s, "POST", path, zhang, 201, json={"knowings": SEVEN[:3]})).json()
    assert part == {"complete": False, "knowings": SEVEN[:3], "met": []}
    assert len(await owed()) == 1
    done = (await call(s, "POST", path, zhang, 201, json={})).json()
    assert done["complete"] and done["met"] == [dues[0]["id"]]
    assert await owed() == []
    record = (await call(s, "GET", f"/review/briefings/{briefing}", head)).json()
    assert record["posts"] == [{"post_id": o.posts["WZ.BGY"], "name": "仓库保管员"}]
    assert [i["risk_point_id"] for i in record["items"]] == [common]
    assert record["audience"] == [
        {"person_id": zhang_id, "name": "张伟", "knowings": SEVEN, "complete": True}
    ]
    assert [k["label"] for k in record["checklist"]][:2] == ["知晓岗位职权", "知晓廉洁风险点"]

    # A new commitment for the new post clears the other.
    await committed(s, zhang_id, zhang, zhang)
    c = (await call(s, "GET", f"/review/commitments/{zhang_id}", zhang)).json()
    assert (c["status"], c["versions"], c["owed"]) == ("signed", 2, None)
    assert c["content"]["posts"][0]["post_name"] == "仓库保管员"

    # The registry's events delivered again change nothing.
    review = s.services["review"]
    envelopes, _ = s.services["registry"].outbox.read(0, 1000)
    before = events(s)
    again = await asyncio.to_thread(lambda: [review.consumer.apply(e) for e in envelopes])
    assert not any(again) and events(s) == before


async def test_overdue_briefings_are_reported_once(system: System) -> None:
    s = system
    o = await register_factory(s)
    admin, office = bearer(s, "admin"), bearer(s, "office", user="office-1")
    # 赵敏 is also appointed planner 40 days ago: the briefing was due 10 days ago.
    zhao = o.persons["1003"]
    body = {"post_id": o.posts["WZ.JHY"], "effective_on": day(s, -40)}
    await call(s, "POST", f"/registry/persons/{zhao}/appointments", admin, 204, json=body)

    async def late() -> list[dict[str, object]]:
        r = await call(s, "GET", "/review/briefing-dues", office, params={"late": True})
        return list(r.json()["items"])

    due = (await eventually(late))[0]
    assert (due["person_name"], due["status"], due["due_on"]) == ("赵敏", "owed", day(s, -10))
    assert await scan(s) == {"briefings_overdue": 1, "commitments": 0}
    assert await scan(s) == {"briefings_overdue": 0, "commitments": 0}

    async def overdue() -> list[object]:  # the scan saved directly: wait for the read model
        r = await call(s, "GET", "/review/briefing-dues", office, params={"status": "overdue"})
        return [d["id"] for d in r.json()["items"]]

    assert await eventually(overdue) == [due["id"]]
    # Bad briefings are refused with the reason, and store nothing.
    head = staff(s, o, "1001", "dept_head")
    good = {"level": "individual", "title": "交底", "held_on": day(s, 0), "person_ids": [zhao]}
    before = events(s)
    for bad, status in (
        ({"held_on": day(s, 1)}, 422),  # not held yet
        ({"person_ids": [o.persons["1003"], o.persons["1004"]]}, 422),  # individual: one
        ({"person_ids": [o.departments["WZ"]]}, 422),  # not a person
        ({"level": "department"}, 422),  # names no department
        ({"level": "somewhere"}, 422),
        ({"title": ""}, 422),
        ({"person_ids": [o.persons["0101"]]}, 403),  # 吴刚 is of 监察部
    ):
        await call(s, "POST", "/review/briefings", head, status, json={**good, **bad})
    assert events(s) == before
    briefing = (await call(s, "POST", "/review/briefings", head, 201, json=good)).json()["id"]
    ack = f"/review/briefings/{briefing}/acknowledgements"
    await call(s, "POST", ack, staff(s, o, "1003"), 422, json={"knowings": ["luck"]})
    await call(s, "POST", ack, staff(s, o, "1003"), 422, json={"knowings": []})

    # A department head sees their own department's only.
    other = bearer(s, "dept_head", department_id=o.departments["JC"])
    assert (await call(s, "GET", "/review/briefing-dues", other)).json()["total"] == 0

    # A signed commitment runs out after a year: announced a month before, stale when it ends.
    liu = o.persons["1004"]
    await committed(s, liu, office, staff(s, o, "1004"))
    valid_until = today(s) + timedelta(days=365)
    assert await scan(s, valid_until - timedelta(days=31)) == {"briefings_overdue": 0,
                                                               "commitments": 0}  # fmt: skip
    assert (await scan(s, valid_until - timedelta(days=30)))["commitments"] == 1
    assert (await scan(s, valid_until - timedelta(days=29)))["commitments"] == 0
    assert (await scan(s, valid_until))["commitments"] == 1
    c = (await call(s, "GET", f"/review/commitments/{liu}", office)).json()
    assert (c["status"], c["owed"]["cause"]) == ("stale", "expired")
    history = await call(s, "GET", f"/review/commitments/{liu}/history", office)
    assert [h["event"] for h in history.json()][-2:] == ["RenewalDue", "WentStale"]
