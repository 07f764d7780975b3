"""The notify API: bad input gets a clear 4xx and stores nothing; only admins change rules,
templates and contact points; each user sees only their own inbox."""

from __future__ import annotations

import uuid

import pytest

from tests.notify.support import applied, bearer, envelope, publish, rows
from tests.support import System

pytestmark = pytest.mark.integration
API = "/api/v1/notify"
GOOD = {"address": "role:office", "channel": "email", "target": "office@factory.example"}


BAD_CONTACT_POINTS = [
    ({"target": "not-an-address"}, "email address"),
    ({"channel": "wecom", "target": "ftp://robot.example/x"}, "http(s) URL"),
    ({"secret": "s3cret"}, "has no secret"),
    ({"address": "dept_head:cw"}, "string_pattern_mismatch"),
    ({"address": "role:service"}, "string_pattern_mismatch"),
    ({"channel": "sms"}, "literal_error"),
    ({"locale": "fr"}, "literal_error"),
    ({"colour": "red"}, "extra_forbidden"),
    ({"target": None}, "string_type"),
]


async def test_contact_points_rules_and_templates_are_kept_by_admins(notify: System) -> None:
    s = notify
    admin, office = s.auth("admin", user="admin-1"), s.auth("office", user="office-1")
    for change, detail in BAD_CONTACT_POINTS:
        r = await s.http.post(f"{API}/contact-points", json={**GOOD, **change}, headers=admin)
        assert r.status_code == 422 and detail in r.text, (change, r.text)
    as_json = {**admin, "content-type": "application/json"}
    r = await s.http.post(f"{API}/contact-points", content=b'{"address": ', headers=as_json)
    assert r.status_code == 422 and "JSON decode error" in r.text
    assert rows(s, "SELECT id FROM contact_points") == []
    r = await s.http.post(f"{API}/contact-points", json=GOOD, headers=office)
    assert r.status_code == 403
    hook = {"address": "role:office", "channel": "dingtalk", "secret": "SECx", "label": "办公室群"}
    hook["target"] = "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef"
    r = await s.http.post(f"{API}/contact-points", json=hook, headers=admin)
    assert r.status_code == 201
    cid = r.json()["id"]
    r = await s.http.post(f"{API}/contact-points", json=hook, headers=admin)
    assert r.status_code == 409
    listed = (await s.http.get(f"{API}/contact-points", headers=office)).json()
    assert listed["total"] == 1
    (item,) = listed["items"]
    assert item["target"] == "https://oapi.dingtalk.com/…cdef" and item["signed"] is True
    assert "SECx" not in str(listed) and "0123456789" not in str(listed)
    r = await s.http.patch(f"{API}/contact-points/{cid}", json={}, headers=admin)
    assert r.status_code == 422 and "nothing to change" in r.text
    r = await s.http.patch(f"{API}/contact-points/{cid}", json={"locale": "en"}, headers=admin)
    assert r.status_code == 204
    assert (await s.http.get(f"{API}/contact-points/{cid}", headers=office)).json()[
        "locale"
    ] == "en"
    assert (await s.http.delete(f"{API}/contact-points/{cid}", headers=admin)).status_code == 204
    assert (await s.http.get(f"{API}/contact-points/{cid}", headers=office)).status_code == 404
    assert (await s.http.delete(f"{API}/contact-points/{cid}", headers=admin)).status_code == 404

    # Rules: the shipped ones are listed; bad rules are refused with the reason, nothing stored.
    shipped = (await s.http.get(f"{API}/rules", headers=office)).json()
    assert {r["id"] for r in shipped} >= {"warning-issued", "review-approval-requested-leader"}
    assert all(r["source"] == "default" for r in shipped)
    rule = {
        "event_type": "lianfang.test.thing.happened",
        "recipients": [{"kind": "role", "role": "office"}],
        "template": "department_created",
        "fields": ["name", "code"],
    }
    bad = [
        ({**rule, "template": "nothing-like-it"}, 422, "no template 'nothing-like-it'"),
        ({**rule, "fields": ["name"]}, 422, "uses ['code'], which the rule does not provide"),
        ({**rule, "event_type": "Not A Type"}, 422, "string_pattern_mismatch"),
        ({**rule, "recipients": [{"kind": "role"}]}, 422, "names a role"),
        ({**rule, "recipients": [{"kind": "person"}]}, 422, "names the event field"),
        ({**rule, "template": "reminder"}, 422, "is for reminders and digests"),
        ({**rule, "channels": ["pigeon"]}, 422, "literal_error"),
        ({**rule, "unknown": 1}, 422, "extra_forbidden"),
    ]
    for body, status, detail in bad:
        r = await s.http.put(f"{API}/rules/thing", json=body, headers=admin)
        assert (r.status_code, detail in r.text) == (status, True), r.text
    assert (await s.http.put(f"{API}/rules/thing", json=rule, headers=office)).status_code == 403
    assert rows(s, "SELECT id FROM rules") == []
    r = await s.http.put(f"{API}/rules/thing", json=rule, headers=admin)
    assert r.status_code == 200 and r.json()["source"] == "custom"

    # A default cannot be deleted, only customised (e.g. disabled) and brought back.
    r = await s.http.delete(f"{API}/rules/registry-department-created", headers=admin)
    assert r.status_code == 409
    default = (await s.http.get(f"{API}/rules/registry-department-created", headers=admin)).json()
    off = {k: v for k, v in default.items() if k not in ("id", "source")} | {"enabled": False}
    r = await s.http.put(f"{API}/rules/registry-department-created", json=off, headers=admin)
    assert r.json()["source"] == "customised" and r.json()["enabled"] is False
    dept = {"department_id": str(uuid.uuid4()), "code": "CW", "name": "财务部", "parent_id": None}
    await publish(s.platform, envelope("lianfang.registry.department.created", dept))
    await publish(
        s.platform, envelope("lianfang.test.thing.happened", dict(dept), service="warning")
    )
    await applied(s, 2)
    assert [r["rule_id"] for r in rows(s, "SELECT rule_id FROM notifications")] == ["thing"]
    r = await s.http.delete(f"{API}/rules/registry-department-created", headers=admin)
    assert r.status_code == 204
    back = (await s.http.get(f"{API}/rules/registry-department-created", headers=admin)).json()
    assert (back["source"], back["enabled"]) == ("default", True)
    assert (await s.http.delete(f"{API}/rules/nothing", headers=admin)).status_code == 404

    # Templates: checked against the rules that use them.
    broken = {"locales": {"zh-Hans": {"title": "{{ name "}}}
    r = await s.http.put(f"{API}/templates/department_created", json=broken, headers=admin)
    assert r.status_code == 422 and "does not compile" in r.text
    r = await s.http.put(
        f"{API}/templates/department_created",
        json={"locales": {"en": {"title": "{{ name }}"}}},
        headers=admin,
    )
    assert r.status_code == 422 and "zh-Hans" in r.text
    greedy = {"locales": {"zh-Hans": {"title": "{{ name }}{{ budget }}"}}}
    r = await s.http.put(f"{API}/templates/department_created", json=greedy, headers=admin)
    assert r.status_code == 422 and "does not provide ['budget']" in r.text
    better = {
        "locales": {"zh-Hans": {"title": "部门「{{ name }}」已建立", "body": "编码 {{ code }}"}}
    }
    r = await s.http.put(f"{API}/templates/department_created", json=better, headers=admin)
    assert r.status_code == 200 and r.json()["source"] == "customised"
    items = (await s.http.get(f"{API}/inbox", headers=office)).json()["items"]
    assert [(i["text"], i["body"]) for i in items] == [("部门「财务部」已建立", "编码 CW")]
    r = await s.http.delete(f"{API}/templates/department_created", headers=admin)
    assert r.status_code == 204
    items = (await s.http.get(f"{API}/inbox", headers=office)).json()["items"]
    assert [i["text"] for i in items] == ["新部门已登记：财务部（CW）"]
    r = await s.http.delete(f"{API}/templates/department_created", headers=admin)
    assert r.status_code == 404


async def test_each_user_sees_their_own_inbox(notify: System) -> None:
    s = notify
    wz, cw, person = (str(uuid.uuid4()) for _ in range(3))
    event = {
        "risk_point_id": str(uuid.uuid4()),
        "owner": {"department_id": wz, "post_id": None, "person_id": person, "scope": "post"},
        "cause": "person_transferred",
        "reason": "人员已调岗",
        "source_event_id": str(uuid.uuid4()),
    }
    await publish(s.platform, envelope("lianfang.review.risk_point.needs_re_review", event))
    await applied(s, 1)
    head_wz = bearer(s, "dept_head", user="head-wz", department_id=wz)
    head_cw = bearer(s, "dept_head", user="head-cw", department_id=cw)
    owner = bearer(s, "dept_staff", user="zhang", person_id=person)
    stranger = bearer(s, "dept_staff", user="li", person_id=str(uuid.uuid4()))

    async def inbox(headers: dict[str, str]) -> dict[str, object]:
        r = await s.http.get(f"{API}/inbox", headers=headers)
        assert r.status_code == 200, r.text
        return r.json()

    assert (await inbox(head_cw))["total"] == 0 and (await inbox(stranger))["total"] == 0
    mine = await inbox(head_wz)
    (item,) = mine["items"]
    assert (mine["unread"], item["text"], item["read"]) == (1, "风险点需重新评审", False)
    assert item["body"] == "原因：人员已调岗。人员已调岗"
    assert (await inbox(owner))["unread"] == 1

    r = await s.http.post(f"{API}/inbox/{item['id']}/read", headers=head_cw)
    assert r.status_code == 404
    r = await s.http.post(f"{API}/inbox/{item['id']}/read", headers=head_wz)
    assert r.status_code == 204
    assert (await s.http.get(f"{API}/inbox/unread", headers=head_wz)).json() == {"unread": 0}
    assert (await inbox(owner))["unread"] == 1  # read is per user
    r = await s.http.post(f"{API}/inbox/read", headers=owner)
    assert r.json() == {"unread": 0}
    assert (await s.http.get(f"{API}/inbox?unread=true", headers=owner)).json()["items"] == []
    # Ops follow the notifications of an event; others may not.
    r = await s.http.get(f"{API}/notifications", headers=s.auth("dept_staff"))
    assert r.status_code == 403
    found = (await s.http.get(f"{API}/notifications", headers=s.auth("auditor"))).json()
    assert sorted(n["address"] for n in found) == [f"dept_head:{wz}", f"person:{person}"]
    one = (
        await s.http.get(f"{API}/notifications/{found[0]['id']}", headers=s.auth("office"))
    ).json()
    assert one["notification"]["id"] == found[0]["id"] and one["deliveries"] == []
    assert (
        await s.http.get(f"{API}/notifications/999999", headers=s.auth("office"))
    ).status_code == 404
