"""The seed's factory as review sees it: organisation and procurement powers registered through
the registry API, then waited for until review's replica holds them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.support import System, eventually

REGISTRY = "/api/v1/registry"
REVIEW = "/api/v1/review"

DEPARTMENTS = [("XY", "许昌卷烟厂", None), ("JC", "监察部", "XY"), ("WZ", "物资供应部", "XY")]
POSTS = [  # department, code, name, key post
    ("XY", "FCZ", "副厂长", True),
    ("XY", "CZ", "厂长", True),
    ("JC", "JCY", "监察员", False),
    ("WZ", "ZR", "物资供应部主任", True),
    ("WZ", "CGY", "采购员", True),
    ("WZ", "BGY", "仓库保管员", True),
    ("WZ", "JHY", "计划员", True),
    ("WZ", "ZJY", "质检员", False),
    ("WZ", "TJY", "统计员", False),
]
# 物资供应部 has seven people: a department meeting needs all of them.
PEOPLE = [  # staff no, name, rank, post
    ("0001", "王建国", "leader", "XY.FCZ"),
    ("0002", "刘德华", "leader", "XY.CZ"),
    ("0003", "孙丽", "party_secretary", None),
    ("0101", "吴刚", "staff", "JC.JCY"),
    ("1001", "李明", "middle_cadre", "WZ.ZR"),
    ("1002", "张伟", "key_post", "WZ.CGY"),
    ("1003", "赵敏", "key_post", "WZ.BGY"),
    ("1004", "刘洋", "key_post", "WZ.JHY"),
    ("1005", "陈静", "staff", "WZ.ZJY"),
    ("1006", "杨帆", "staff", "WZ.TJY"),
    ("1007", "黄磊", "key_post", "WZ.CGY"),
]


@dataclass
class Org:
    """Ids by code: departments, posts (``DEPT.CODE``), persons (staff number), powers, steps."""

    departments: dict[str, str] = field(default_factory=dict)
    posts: dict[str, str] = field(default_factory=dict)
    persons: dict[str, str] = field(default_factory=dict)
    powers: dict[str, str] = field(default_factory=dict)
    steps: dict[str, str] = field(default_factory=dict)


def bearer(s: System, *roles: str, user: str = "u-test", **claims: Any) -> dict[str, str]:
    """Authorization header for a user with roles and claims (department_id, person_id)."""
    return {"Authorization": f"Bearer {s.token(*roles, user=user, **claims)}"}


async def call(
    s: System, method: str, path: str, headers: dict[str, str], expect: int = 200, **kw: Any
) -> httpx.Response:
    """A request (path under /api/v1) that must answer ``expect``."""
    r = await s.http.request(method, f"/api/v1{path}", headers=headers, **kw)
    assert r.status_code == expect, f"{method} {path}: {r.status_code} {r.text}"
    return r


async def _post(s: System, path: str, headers: dict[str, str], body: Any, expect: int = 201) -> str:
    r = await call(s, "POST", f"/registry{path}", headers, expect, json=body)
    return str(r.json()["id"]) if r.content else ""


async def register_factory(s: System) -> Org:
    """Departments, posts, people, 分管, and the procurement powers with a 3-step flow."""
    admin, office = bearer(s, "admin"), bearer(s, "office", user="office-1")
    o = Org()
    for code, name, parent in DEPARTMENTS:
        body = {"code": code, "name": name, "parent_id": o.departments.get(parent or "")}
        o.departments[code] = await _post(s, "/departments", admin, body)
    for dept, code, name, key in POSTS:
        body = {"department_id": o.departments[dept], "code": code, "name": name, "key_post": key}
        o.posts[f"{dept}.{code}"] = await _post(s, "/posts", admin, body)
    for staff_no, name, rank, post in PEOPLE:
        pid = await _post(s, "/persons", admin, {"staff_no": staff_no, "name": name, "rank": rank})
        o.persons[staff_no] = pid
        if post:
            body = {"post_id": o.posts[post], "effective_on": "2020-01-01"}
            await _post(s, f"/persons/{pid}/appointments", admin, body, 204)
    await call(
        s,
        "PUT",
        f"/registry/persons/{o.persons['0001']}/in-charge",
        admin,
        204,
        json={"department_ids": [o.departments["WZ"]]},
    )
    for code, name, category in (
        ("WZ-001", "物资采购计划审批", "approval"),
        ("WZ-002", "供应商选择与评价", "decision"),
    ):
        body = {"department_id": o.departments["WZ"], "code": code, "name": name}
        body |= {"category": category, "content": f"{name}的办理", "activate": True}
        o.powers[code] = await _post(s, "/powers", office, body)
    for key, name, post in (
        ("need", "提出采购需求", "WZ.CGY"),
        ("check", "部门审核", "WZ.ZR"),
        ("sign", "分管领导审批", "XY.FCZ"),
    ):
        body = {"name": name, "post_id": o.posts[post]}
        o.steps[key] = await _post(s, f"/powers/{o.powers['WZ-001']}/steps", office, body)
    await replicated(s, o)
    return o


def _counts(s: System) -> dict[str, int]:
    with s.services["review"].db.transaction() as conn:
        return {
            t: conn.execute(f"SELECT count(*) AS n FROM {t}").fetchone()["n"]
            for t in ("departments", "org_posts", "org_persons", "org_appointments",
                      "org_in_charge", "org_powers", "org_steps")
        }  # fmt: skip


async def replicated(s: System, o: Org) -> None:
    """Wait until review's copy of the organisation holds everything registered."""
    want = {
        "departments": len(o.departments),
        "org_posts": len(o.posts),
        "org_persons": len(o.persons),
        "org_appointments": sum(1 for p in PEOPLE if p[3]),
        "org_in_charge": 1,
        "org_powers": len(o.powers),
        "org_steps": len(o.steps),
    }
    await eventually(lambda: asyncio.to_thread(lambda: _counts(s) == want), timeout=30)


def events(s: System) -> int:
    """How many events review has stored (to show a refused command stored nothing)."""
    return int(s.services["review"].app.recorder.max_notification_id() or 0)


def staff(s: System, o: Org, staff_no: str, *roles: str, dept: str = "WZ") -> dict[str, str]:
    """A token for a person of the factory, with roles, their department and person id."""
    return bearer(
        s,
        *(roles or ("dept_staff",)),
        user=f"p-{staff_no}",
        department_id=o.departments[dept],
        person_id=o.persons[staff_no],
    )
