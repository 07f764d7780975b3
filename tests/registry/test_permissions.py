"""Who may do what: admins keep the organisation, the office and department heads (their own
department only) the powers and flows; everyone signed in reads; nobody else writes."""

from __future__ import annotations

import pytest

from tests.registry.factory import XLSX_TYPE, bearer, call, catalogue_xlsx, power_row
from tests.support import System

pytestmark = pytest.mark.integration


async def test_department_heads_change_only_their_own_powers(registry: System) -> None:
    s = registry
    admin, office = bearer(s, "admin"), bearer(s, "office")
    wz = (
        await call(s, "POST", "/departments", admin, 201, json={"code": "WZ", "name": "物资供应部"})
    ).json()["id"]
    cw = (
        await call(s, "POST", "/departments", admin, 201, json={"code": "CW", "name": "财务部"})
    ).json()["id"]
    post = (
        await call(
            s,
            "POST",
            "/posts",
            admin,
            201,
            json={"department_id": cw, "code": "KJ", "name": "会计"},
        )
    ).json()["id"]
    theirs = (
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
            },
        )
    ).json()["id"]
    head = bearer(s, "dept_head", user="head-wz", department_id=wz)

    # Another department's powers: every change is refused, and nothing changes.
    new = {"department_id": cw, "code": "CW-002", "name": "费用报销审批", "category": "finance"}
    await call(s, "POST", "/powers", head, 403, json=new)
    await call(s, "PATCH", f"/powers/{theirs}", head, 403, json={"reason": "x", "name": "改"})
    await call(s, "POST", f"/powers/{theirs}/activation", head, 403)
    await call(s, "POST", f"/powers/{theirs}/retirement", head, 403, json={"reason": "x"})
    await call(
        s, "POST", f"/powers/{theirs}/steps", head, 403, json={"name": "审核", "post_id": post}
    )
    await call(
        s,
        "POST",
        f"/powers/{theirs}/responsibilities",
        head,
        403,
        json={"description": "审核", "post_id": post},
    )
    upload = {**head, "Content-Type": XLSX_TYPE}
    await call(
        s,
        "POST",
        "/imports/powers",
        upload,
        403,
        content=catalogue_xlsx([power_row("WZ", 1), power_row("CW", 2)]),
    )
    power = (await call(s, "GET", f"/powers/{theirs}", head)).json()  # reads are open to all
    assert (power["name"], power["status"], power["version"]) == ("资金支付审批", "draft", 1)
    assert (await call(s, "GET", "/powers", head)).json()["total"] == 1

    # Their own department: allowed.
    mine = {
        "department_id": wz,
        "code": "WZ-001",
        "name": "物资采购计划审批",
        "category": "approval",
    }
    await call(s, "POST", "/powers", head, 201, json=mine)
    await call(
        s, "POST", "/imports/powers", upload, 201, content=catalogue_xlsx([power_row("WZ", 2)])
    )

    # A department head without a department, other roles, nobody: refused.
    await call(s, "POST", "/powers", bearer(s, "dept_head"), 403, json={**mine, "code": "WZ-9"})
    for role in ("admin", "dept_staff", "leader", "auditor"):
        await call(s, "POST", "/powers", bearer(s, role), 403, json={**mine, "code": "WZ-9"})
    await call(s, "POST", "/departments", office, 403, json={"code": "JC", "name": "监察部"})
    await call(s, "POST", "/persons", head, 403, json={"staff_no": "9", "name": "某人"})
    r = await s.http.get("/api/v1/registry/powers")
    assert r.status_code == 401
