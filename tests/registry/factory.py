"""The seed's factory (许昌卷烟厂), registered through the API: departments, posts, people."""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

import httpx
from openpyxl import Workbook

from tests.support import System

API = "/api/v1/registry"

DEPARTMENTS = [  # code, name, parent code
    ("XY", "许昌卷烟厂", None),
    ("JC", "监察部", "XY"),
    ("WZ", "物资供应部", "XY"),
    ("CW", "财务部", "XY"),
]
POSTS = [  # department, code, name, key post
    ("XY", "FCZ", "副厂长", True),
    ("JC", "JCY", "监察员", False),
    ("WZ", "ZR", "物资供应部主任", True),
    ("WZ", "CGY", "采购员", True),
    ("WZ", "BGY", "仓库保管员", True),
    ("CW", "ZR", "财务部主任", True),
    ("CW", "KJ", "会计", False),
]
PEOPLE = [  # staff no, name, rank, post, since
    ("0001", "王建国", "leader", "XY.FCZ", "2019-01-01"),
    ("0002", "孙丽", "party_secretary", None, None),
    ("1001", "李明", "middle_cadre", "WZ.ZR", "2015-06-01"),
    ("1002", "张伟", "key_post", "WZ.CGY", "2016-03-01"),
    ("1003", "赵敏", "key_post", "WZ.BGY", "2022-09-01"),
    ("2001", "周强", "middle_cadre", "CW.ZR", "2018-01-01"),
    ("2002", "钱芳", "staff", "CW.KJ", "2019-04-01"),
]


@dataclass
class Factory:
    """Ids of what was registered, by code (posts as ``DEPT.CODE``, persons by staff number)."""

    departments: dict[str, str] = field(default_factory=dict)
    posts: dict[str, str] = field(default_factory=dict)
    persons: dict[str, str] = field(default_factory=dict)


def bearer(s: System, *roles: str, user: str = "u-test", **claims: Any) -> dict[str, str]:
    """Authorization header for a user with roles and claims (e.g. department_id)."""
    return {"Authorization": f"Bearer {s.token(*roles, user=user, **claims)}"}


async def call(
    s: System, method: str, path: str, headers: dict[str, str], expect: int = 200, **kw: Any
) -> httpx.Response:
    """A request to the registry API that must answer ``expect``."""
    r = await s.http.request(method, f"{API}{path}", headers=headers, **kw)
    assert r.status_code == expect, f"{method} {path}: {r.status_code} {r.text}"
    return r


async def register_organisation(s: System) -> Factory:
    """Departments, posts, people with their posts, and the leader's 分管 departments."""
    admin = bearer(s, "admin", user="admin-1")
    f = Factory()
    for code, name, parent in DEPARTMENTS:
        body = {"code": code, "name": name, "parent_id": f.departments.get(parent or "")}
        r = await call(s, "POST", "/departments", admin, 201, json=body)
        f.departments[code] = r.json()["id"]
    for dept, code, name, key in POSTS:
        body = {"department_id": f.departments[dept], "code": code, "name": name, "key_post": key}
        r = await call(s, "POST", "/posts", admin, 201, json=body)
        f.posts[f"{dept}.{code}"] = r.json()["id"]
    for staff_no, name, rank, post, since in PEOPLE:
        body = {"staff_no": staff_no, "name": name, "rank": rank}
        r = await call(s, "POST", "/persons", admin, 201, json=body)
        f.persons[staff_no] = r.json()["id"]
        if post:
            appointment = {"post_id": f.posts[post], "effective_on": since}
            await call(
                s, "POST", f"/persons/{r.json()['id']}/appointments", admin, 204, json=appointment
            )
    in_charge = {"department_ids": [f.departments["WZ"], f.departments["CW"]]}
    await call(s, "PUT", f"/persons/{f.persons['0001']}/in-charge", admin, 204, json=in_charge)
    return f


def catalogue_xlsx(rows: list[dict[str, str]], title: str = "职权目录") -> bytes:
    """A workbook in the annex 1 layout (title row, headings, rows) as a department fills it."""
    headings = [
        "序号",
        "部门编码",
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
    ]
    keys = [
        "seq",
        "department_code",
        "code",
        "name",
        "category",
        "content",
        "basis",
        "handling_department",
        "subject",
        "conditions",
        "procedure",
        "time_limit",
        "responsibility",
        "supervision",
    ]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([title])
    ws.append(headings)
    for n, row in enumerate(rows, start=1):
        ws.append([n if k == "seq" else row.get(k, "") for k in keys])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def power_row(department: str, n: int, **overrides: str) -> dict[str, str]:
    """A complete, valid catalogue row."""
    return {
        "department_code": department,
        "code": f"{department}-{n:04d}",
        "name": f"物资采购事项{n}审批",
        "category": "审批权",
        "content": f"对第{n}类物资的采购申请进行审核审批",
        "basis": "《物资采购管理办法》",
        "handling_department": "物资供应部",
        "subject": "物资供应部主任",
        "conditions": "采购计划已批准",
        "procedure": "申请—审核—审批—执行",
        "time_limit": "5个工作日",
        "responsibility": "对审批结果负责",
        "supervision": "监察部季度检查",
        **overrides,
    }


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
