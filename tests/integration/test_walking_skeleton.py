"""Story: a department registered in the registry reaches review and notify over Kafka."""

from __future__ import annotations

import pytest

from lianfang_shared.relay import kafka_producer
from tests.support import System, eventually

pytestmark = pytest.mark.integration


async def test_department_reaches_review_and_notify(registry_review_notify: System) -> None:
    s = registry_review_notify
    r = await s.http.post(
        "/api/v1/registry/departments",
        json={"code": "CW", "name": "财务部"},
        headers=s.auth("admin", user="admin-1"),
    )
    assert r.status_code == 201, r.text
    dept_id = r.json()["id"]

    # The registry's own list reads its write at once (the command waited for it).
    r = await s.http.get("/api/v1/registry/departments", headers=s.auth("dept_staff"))
    assert [d["id"] for d in r.json()["items"]] == [dept_id]

    async def review_knows() -> bool:
        r = await s.http.get("/api/v1/review/departments", headers=s.auth("dept_staff"))
        return any(d["id"] == dept_id and d["name"] == "财务部" for d in r.json())

    await eventually(review_knows)
    # The relay produced on the aiokafka producer under FastStream's publisher (reached through
    # FastStream's internals: an upgrade that moves it falls back to the slow path, caught here).
    assert kafka_producer(s.services["registry"].publisher) is not None

    async def office_inbox() -> dict:
        r = await s.http.get("/api/v1/notify/inbox", headers=s.auth("office", user="o-1"))
        body = r.json()
        return body if body["items"] else {}

    inbox = await eventually(office_inbox)
    assert inbox["unread"] == 1
    assert inbox["items"][0]["text"] == "新部门已登记：财务部（CW）"

    r = await s.http.get(
        "/api/v1/notify/inbox", params={"lang": "en"}, headers=s.auth("office", user="o-1")
    )
    assert r.json()["items"][0]["text"] == "New department registered: 财务部 (CW)"
    nid = r.json()["items"][0]["id"]
    r = await s.http.post(f"/api/v1/notify/inbox/{nid}/read", headers=s.auth("office", user="o-1"))
    assert r.status_code == 204
    r = await s.http.get("/api/v1/notify/inbox", headers=s.auth("office", user="o-1"))
    assert r.json()["unread"] == 0

    # Operators see how far each part got.
    registry = (
        await s.http.get("/api/v1/registry/internal/status", headers=s.auth("admin"))
    ).json()
    assert registry["relay"]["lag"] == 0 and registry["relay"]["leader"] is True
    assert registry["projections"]["departments"] == registry["relay"]["head"]
    review = (await s.http.get("/api/v1/review/internal/status", headers=s.auth("admin"))).json()
    assert review["consumer"]["applied"] >= 1 and review["consumer"]["dead_lettered"] == 0
    forbidden = await s.http.get("/api/v1/review/internal/status", headers=s.auth("office"))
    assert forbidden.status_code == 403
