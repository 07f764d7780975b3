"""The access-control matrix: every endpoint of every service × every role × the caller's own
department or another one, against the documented policy in ``docs/access.md``.

The table is parsed; the routes are those of the real gateway app, so an endpoint missing from
the table fails, and so does a row with no route. One running system for the module (real
PostgreSQL, Kafka and HTTP; the ~4,500 matrix calls go to the same running app in-process,
through httpx's ASGI transport, to spare the socket) holds a small organisation in two
departments (物资供应部 ``WZ``, the callers' own, and 财务部 ``CW``, the other); every
department-scoped path id points at a resource of ``WZ``. A caller of a department-scoped role
is minted twice: with ``WZ`` in the token (and a person of ``WZ``), and with ``CW`` (and a
person of ``CW``).

Documented denials are checked first, all of them, while nothing has changed (so a denial is
never hidden by a 404 or 409 an earlier write caused); then the allowed calls, which may change
state: for them any status but 401 and 403 proves authorisation let the call through. Bodies are
valid, so a 422 can never stand in for a 403 (FastAPI runs a route's dependencies, and so
``require(...)``, before it validates the body, but checks made inside the handler come after).
"""

from __future__ import annotations

import asyncio
import os
import re
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import httpx
import pytest

from lianfang_shared.auth import Role
from lianfang_shared.cli import build_app
from lianfang_shared.embedded import TansuBroker
from lianfang_shared.settings import SERVICE_NAMES, PlatformSettings
from tests.registry.factory import XLSX_TYPE, catalogue_xlsx, power_row
from tests.support import System, eventually, fresh_database, platform_for, running

pytestmark = pytest.mark.integration

DOC = Path(__file__).resolve().parents[2] / "docs" / "access.md"
API = "/api/v1"
ROLES = [r.value for r in Role]
CELLS = {"✓", "own", "self", "dept", "—"}
ROW = re.compile(r"^\|\s*`(GET|POST|PUT|PATCH|DELETE) (/api/v1/[^`]+)`")
TODAY = date.today()
MONTH = timedelta(days=30)
YEAR = TODAY.year

# ---------------------------------------------------------------------------------------------
# The documented policy


def parse_table(text: str) -> dict[tuple[str, str], dict[str, str]]:
    """(method, path) → role → cell, from every table of the document."""
    rows: dict[tuple[str, str], dict[str, str]] = {}
    header: list[str] = []
    for line in text.splitlines():
        if not line.startswith("|"):
            header = []
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == "endpoint":
            header = [c.strip("`") for c in cells[1:]]
            assert header == ROLES, f"the columns must be the roles in order: {header}"
            continue
        match = ROW.match(line)
        if not match:
            continue
        assert header, f"a row outside a table: {line}"
        key = (match.group(1), match.group(2))
        assert key not in rows, f"{key} twice in the table"
        values = [re.sub(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+$", "", c) for c in cells[1:]]
        assert len(values) == len(ROLES), f"{key}: {len(values)} cells, want {len(ROLES)}"
        bad = [v for v in values if v not in CELLS]
        assert not bad, f"{key}: unknown cells {bad} (legend: {sorted(CELLS)})"
        rows[key] = dict(zip(ROLES, values, strict=True))
    return rows


def routes() -> set[tuple[str, str]]:
    """Every (method, path) the gateway serves under /api/v1."""
    app = build_app(PlatformSettings(environment="test"), SERVICE_NAMES)
    return {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        if path.startswith(API)
        for method in operations
    }


def test_the_table_lists_every_route_and_only_routes() -> None:
    documented = set(parse_table(DOC.read_text(encoding="utf-8")))
    served = routes()
    missing = sorted(served - documented)
    stale = sorted(documented - served)
    assert not missing, "routes missing from docs/access.md:\n" + "\n".join(map(str, missing))
    assert not stale, "rows of docs/access.md with no route:\n" + "\n".join(map(str, stale))
    assert len(served) > 150


# ---------------------------------------------------------------------------------------------
# The organisation and the resources the path ids point at

DEPARTMENTS = [("XY", "许昌卷烟厂", None), ("JC", "监察部", "XY"), ("WZ", "物资供应部", "XY"),
               ("CW", "财务部", "XY")]  # fmt: skip
POSTS = [("XY", "FCZ", "副厂长", True), ("XY", "CZ", "厂长", True), ("JC", "JCY", "监察员", False),
         ("WZ", "ZR", "物资供应部主任", True), ("WZ", "CGY", "采购员", True),
         ("WZ", "BGY", "仓库保管员", True), ("CW", "ZR", "财务部主任", True),
         ("CW", "KJ", "会计", False)]  # fmt: skip
PEOPLE = [("0001", "王建国", "leader", "XY.FCZ"), ("0002", "刘德华", "leader", "XY.CZ"),
          ("0003", "孙丽", "party_secretary", None), ("0101", "吴刚", "staff", "JC.JCY"),
          ("1001", "李明", "middle_cadre", "WZ.ZR"), ("1002", "张伟", "key_post", "WZ.CGY"),
          ("1003", "赵敏", "key_post", "WZ.BGY"), ("2001", "周强", "middle_cadre", "CW.ZR"),
          ("2002", "钱芳", "staff", "CW.KJ")]  # fmt: skip
# Who a caller of a role is, in their own department (WZ; for a leader: in charge of WZ) and in
# the other one (CW). Roles not listed are nobody in particular.
PERSONS = {"dept_head": ("1001", "2001"), "dept_staff": ("1002", "2002"),
           "middle_cadre": ("1001", "2001"), "leader": ("0001", "0002"),
           "party_secretary": ("0003", "0003")}  # fmt: skip
OFFICE_USER = "office-1"  # assigned to the warning cases


@dataclass
class World:
    """The running system and the ids of what the calls point at."""

    s: System
    asgi: httpx.AsyncClient  # the same app, called in-process without the socket
    ids: dict[str, Any] = field(default_factory=dict)
    tokens: dict[tuple[str, bool], dict[str, str]] = field(default_factory=dict)

    def token(self, role: str, own: bool) -> dict[str, str]:
        if (role, own) in self.tokens:
            return self.tokens[role, own]
        claims: dict[str, Any] = {"department_id": self.ids["dept:WZ" if own else "dept:CW"]}
        if role in PERSONS:
            claims["person_id"] = self.ids["person:" + PERSONS[role][0 if own else 1]]
        user = OFFICE_USER if role == "office" else f"{role}-{'own' if own else 'other'}"
        header = {"Authorization": f"Bearer {self.s.token(role, user=user, **claims)}"}
        return self.tokens.setdefault((role, own), header)


async def req(
    s: System, method: str, path: str, headers: dict[str, str], expect: int = 200, **kw: Any
) -> Any:
    r = await s.http.request(method, f"{API}{path}", headers=headers, **kw)
    assert r.status_code == expect, f"setup: {method} {path}: {r.status_code} {r.text}"
    return r.json() if r.content and "json" in r.headers.get("content-type", "") else None


def as_(w: World, role: str, person: str | None = None, user: str = "setup") -> dict[str, str]:
    claims: dict[str, Any] = {}
    if person:
        claims["person_id"] = w.ids["person:" + person]
        dept = next(p[3] for p in PEOPLE if p[0] == person)
        if dept:
            claims["department_id"] = w.ids["dept:" + dept.split(".")[0]]
    return {"Authorization": f"Bearer {w.s.token(role, user=user, **claims)}"}


async def organisation(w: World) -> None:
    s, ids = w.s, w.ids
    admin, office = as_(w, "admin"), as_(w, "office", user=OFFICE_USER)
    for code, name, parent in DEPARTMENTS:
        body = {"code": code, "name": name, "parent_id": ids.get(f"dept:{parent}")}
        ids[f"dept:{code}"] = (
            await req(s, "POST", "/registry/departments", admin, 201, json=body)
        )["id"]
    for dept, code, name, key in POSTS:
        body = {"department_id": ids[f"dept:{dept}"], "code": code, "name": name, "key_post": key}
        ids[f"post:{dept}.{code}"] = (
            await req(s, "POST", "/registry/posts", admin, 201, json=body)
        )["id"]
    for staff_no, name, rank, post in PEOPLE:
        body = {"staff_no": staff_no, "name": name, "rank": rank}
        pid = (await req(s, "POST", "/registry/persons", admin, 201, json=body))["id"]
        ids[f"person:{staff_no}"] = pid
        if post:
            body = {"post_id": ids[f"post:{post}"], "effective_on": "2015-01-01"}
            await req(s, "POST", f"/registry/persons/{pid}/appointments", admin, 204, json=body)
    for leader, dept in (("0001", "WZ"), ("0002", "CW")):
        body = {"department_ids": [ids[f"dept:{dept}"]]}
        await req(s, "PUT", f"/registry/persons/{ids['person:' + leader]}/in-charge", admin, 204,
                  json=body)  # fmt: skip
    body = {"department_id": ids["dept:WZ"], "code": "WZ-001", "name": "物资采购计划审批",
            "category": "approval", "content": "采购计划的审批", "activate": True}  # fmt: skip
    ids["power"] = (await req(s, "POST", "/registry/powers", office, 201, json=body))["id"]
    power = ids["power"]
    for key, name, post in (("need", "提出采购需求", "WZ.CGY"), ("check", "部门审核", "WZ.ZR")):
        body = {"name": name, "post_id": ids[f"post:{post}"]}
        ids[f"step:{key}"] = (
            await req(s, "POST", f"/registry/powers/{power}/steps", office, 201, json=body)
        )["id"]
    body = {"description": "审核采购需求的真实性", "post_id": ids["post:WZ.ZR"]}
    ids["item"] = (
        await req(s, "POST", f"/registry/powers/{power}/responsibilities", office, 201, json=body)
    )["id"]

    def replicated() -> bool:
        want = (len(DEPARTMENTS), len(PEOPLE), sum(1 for p in PEOPLE if p[3]))
        with s.services["review"].db.transaction() as conn:
            r = conn.execute(
                "SELECT (SELECT count(*) FROM departments) AS d, (SELECT count(*) FROM "
                "org_persons) AS p, (SELECT count(*) FROM org_appointments) AS a"
            ).fetchone()
        with s.services["warning"].db.transaction() as conn:
            v = conn.execute(
                "SELECT (SELECT count(*) FROM departments) AS d, (SELECT count(*) FROM "
                "persons) AS p, (SELECT count(*) FROM appointments) AS a, (SELECT count(*) "
                "FROM leaders_in_charge) AS l"
            ).fetchone()
        return (r["d"], r["p"], r["a"]) == want and (v["d"], v["p"], v["a"], v["l"]) == (*want, 2)

    await eventually(lambda: asyncio.to_thread(replicated), timeout=60)


FACTORS = {"importance": 2, "discretion": 2, "funds_flow": 2, "probability": 2, "concealment": 2,
           "harm": 2}  # fmt: skip


async def submitted(w: World, who: dict[str, str], body: dict[str, Any]) -> str:
    """A point proposed, self-assessed, graded low, with one measure, submitted."""
    s, office = w.s, as_(w, "office", user=OFFICE_USER)
    point = (await req(s, "POST", "/review/risk-points", who, 201, json=body))["id"]
    url = f"/review/risk-points/{point}"
    await req(s, "POST", f"{url}/self-assessment", who, 201,
              json={"factors": FACTORS, "proposed_grade": "low"})  # fmt: skip
    await req(s, "PUT", f"{url}/grade", office, 204, json={"grade": "low", "reason": "评审确定"})
    measure = {"text": "双人复核", "type": "process", "stage": "prevention"}
    await req(s, "POST", f"{url}/measures", who, 201, json=measure)
    await req(s, "POST", f"{url}/submission", who, 201)
    return str(point)


async def review(w: World) -> None:
    s, ids = w.s, w.ids
    office = as_(w, "office", user=OFFICE_USER)
    head = as_(w, "dept_head", "1001")
    wz = ids["dept:WZ"]
    post_point = {"scope": "post", "category": "post_duty", "description": "采购需求虚报",
                  "post_id": ids["post:WZ.CGY"], "power_id": ids["power"]}  # fmt: skip
    # A draft point of a WZ post, with a measure: edits, self-assessment, measures, grade.
    ids["point"] = (await req(s, "POST", "/review/risk-points", head, 201, json=post_point))["id"]
    measure = {"text": "采购需求双人审核", "type": "process", "stage": "prevention"}
    ids["measure"] = (
        await req(s, "POST", f"/review/risk-points/{ids['point']}/measures", head, 201,
                  json=measure)
    )["id"]  # fmt: skip
    # Submitted points awaiting each approver: WZ's meeting, the leader in charge, the committee.
    staff = {**post_point, "post_id": ids["post:WZ.BGY"], "description": "验收把关不严"}
    cadre = {"scope": "post", "category": "post_duty", "description": "审核走过场",
             "post_id": ids["post:WZ.ZR"], "person_id": ids["person:1001"]}  # fmt: skip
    common = {"scope": "common_factory", "category": "ideology", "description": "收受礼品礼金",
              "department_id": ids["dept:XY"]}  # fmt: skip
    for decision in ("approval", "return"):
        ids[f"point:meeting:{decision}"] = await submitted(w, head, staff)
        ids[f"point:leader:{decision}"] = await submitted(w, head, cadre)
        ids[f"point:committee:{decision}"] = await submitted(w, office, common)
    for n in range(2):  # common points for the office to merge
        body = {**common, "scope": "common_middle", "description": f"节假日收受礼品{n}"}
        ids[f"merge:{n}"] = (await req(s, "POST", "/review/risk-points", office, 201, json=body))[
            "id"
        ]
    members = [ids[f"person:{n}"] for n in ("1001", "1002", "1003")]
    body = {"department_id": wz, "held_on": str(TODAY), "attendee_ids": members}
    ids["meeting"] = (await req(s, "POST", "/review/meetings", head, 201, json=body))["id"]
    # 张伟's commitment (to the department leadership), a briefing of WZ, a publication.
    zhang = ids["person:1002"]
    c = await req(s, "POST", "/review/commitments", office, 201, json={"person_id": zhang})
    ids["commitment:version"], ids["commitment:digest"] = c["version"], c["digest"]
    body = {"level": "department", "title": "物资供应部廉洁风险交底", "held_on": str(TODAY),
            "department_id": wz}  # fmt: skip
    ids["briefing"] = (await req(s, "POST", "/review/briefings", head, 201, json=body))["id"]
    body = {"kind": "powers_and_responsibilities", "department_id": wz}
    ids["publication"] = (await req(s, "POST", "/review/publications", office, 201, json=body))[
        "id"
    ]
    # An inspection of WZ with a finding.
    discipline = as_(w, "discipline")
    body = {"year": YEAR, "quarter": 1, "department_ids": [wz], "due_on": str(TODAY)}
    ids["inspection"] = (await req(s, "POST", "/review/inspections", discipline, 201, json=body))[
        "ids"
    ][0]
    body = {"item": "coverage", "description": "覆盖不全", "severity": "low",
            "owner_person_id": ids["person:1001"], "due_on": str(TODAY + MONTH)}  # fmt: skip
    ids["finding"] = (
        await req(s, "POST", f"/review/inspections/{ids['inspection']}/findings", discipline, 201,
                  json=body)
    )["id"]  # fmt: skip
    ids["scoring-model"] = await req(s, "GET", "/review/scoring-model", office)
    ids["assessment-model"] = await req(s, "GET", "/review/assessment-model", office)
    ids["commitment-template"] = await req(s, "GET", "/review/commitment-template", office)


async def warning(w: World) -> None:
    s, ids = w.s, w.ids
    office = as_(w, "office", user=OFFICE_USER)
    wz = ids["dept:WZ"]
    cases = []
    for n in range(2):
        body = {"channel": "whistleblowing", "received_on": str(TODAY), "summary": f"举报{n}",
                "content": "反映采购比价不规范。", "department_ids": [wz],
                "reporter": {"name": "匿名者", "contact": "13800000000"},
                "assignees": [OFFICE_USER]}  # fmt: skip
        r = await req(s, "POST", "/warning/signals", office, 201, json=body)
        cases.append(r["case_id"])
        ids.setdefault("signal", r["signal_id"])
    ids["case"], ids["case:other"] = cases
    body = {"severity": "low", "decision": "warn", "reasoning": "需要预警"}
    await req(s, "POST", f"/warning/cases/{ids['case']}/assessments", office, 201, json=body)
    body = {"department_id": wz, "summary": "采购比价预警", "content": "请规范采购比价。",
            "rectify_by": str(TODAY + timedelta(days=20))}  # fmt: skip
    ids["warning"] = (
        await req(s, "POST", f"/warning/cases/{ids['case']}/warnings", office, 201, json=body)
    )["id"]


async def notify(w: World) -> None:
    body = {"address": "role:office", "channel": "email", "target": "office@example.org"}
    ids = w.ids
    ids["contact"] = (
        await req(w.s, "POST", "/notify/contact-points", as_(w, "admin"), 201, json=body)
    )["id"]


# ---------------------------------------------------------------------------------------------
# What each call sends


def path_ids(w: World, method: str, path: str, role: str) -> dict[str, Any]:
    """The value of each path parameter: a resource of WZ wherever one is department-scoped."""
    ids = w.ids
    service = path.split("/")[3]
    point = ids["point"]
    if path.endswith(("/approval", "/return")):  # a point awaiting that role, one per route
        kind = {"leader": "leader", "party_committee": "committee"}.get(role, "meeting")
        point = ids[f"point:{kind}:{path.rsplit('/', 1)[1]}"]
    aggregate = {"registry": ids["power"], "review": ids["point"], "warning": ids["warning"],
                 "notify": ids["contact"]}[service]  # fmt: skip
    return {
        "department_id": ids["dept:WZ"],
        "post_id": ids["post:WZ.CGY"],
        "person_id": ids["person:1002"],
        "power_id": ids["power"],
        "revision": 1,
        "item_id": ids["item"],
        "step_id": ids["step:check"],
        "point_id": point,
        "measure_id": ids["measure"],
        "version": 1,
        "meeting_id": ids["meeting"],
        "briefing_id": ids["briefing"],
        "publication_id": ids["publication"],
        "inspection_id": ids["inspection"],
        "finding_id": ids["finding"],
        "year": YEAR,
        "signal_id": ids["signal"],
        "case_id": ids["case"],
        "warning_id": ids["warning"],
        "notification_id": 1,
        "delivery_id": 1,
        "contact_id": ids["contact"],
        "rule_id": "acl-rule",
        "key": "acl-template",
        "aggregate_id": aggregate,
        "subject_id": ids["dept:WZ"],
    }


QUERY: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/api/v1/warning/statistics/channels"): {"from": str(TODAY), "to": str(TODAY)},
    ("GET", "/api/v1/warning/exports/annex7.xlsx"): {"from": str(TODAY), "to": str(TODAY)},
    ("GET", "/api/v1/review/exports/registration-forms.xlsx"): {"annex": 4},
    ("GET", "/api/v1/review/exports/assessment.xlsx"): {"year": YEAR},
}

Body = Callable[[World, str], Any]
T = str(TODAY)


def _bodies() -> dict[tuple[str, str], Body]:
    r, v, wn, n = "/api/v1/registry", "/api/v1/review", "/api/v1/warning", "/api/v1/notify"

    def new(prefix: str) -> str:
        return f"{prefix}{uuid.uuid4().hex[:8]}"

    def propose(w: World, role: str) -> dict[str, Any]:
        if role == "leader":
            return {"scope": "leader", "category": "ideology", "description": "分管领域插手采购",
                    "person_id": w.ids["person:0001"]}  # fmt: skip
        return {"scope": "post", "category": "post_duty", "description": "采购询价不充分",
                "post_id": w.ids["post:WZ.CGY"]}  # fmt: skip

    def xlsx(w: World, role: str) -> bytes:
        return catalogue_xlsx([power_row("WZ", 100 + len(w.ids), code=new("WZ-"))])

    def signals_xlsx(w: World, role: str) -> bytes:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.append(["预警信息登记表"])
        ws.append(["序号", "渠道", "收到日期", "摘要", "内容", "来源编号", "部门编码"])
        ws.append([1, "审计", T, "审计发现", "采购合同未比价", "SJ-1", "WZ"])
        out = BytesIO()
        wb.save(out)
        return out.getvalue()

    b: dict[tuple[str, str], Body] = {
        ("POST", f"{r}/departments"): lambda w, _: {"code": new("D"), "name": "新部门"},
        ("PATCH", f"{r}/departments/{{department_id}}"): lambda w, _: {"name": "物资供应部"},
        ("POST", f"{r}/posts"): lambda w, _: {
            "department_id": w.ids["dept:WZ"], "code": new("P"), "name": "新岗位"},
        ("PATCH", f"{r}/posts/{{post_id}}"): lambda w, _: {"name": "采购员"},
        ("POST", f"{r}/persons"): lambda w, _: {"staff_no": new("9"), "name": "新人"},
        ("PATCH", f"{r}/persons/{{person_id}}"): lambda w, _: {"rank": "key_post"},
        ("POST", f"{r}/persons/{{person_id}}/appointments"): lambda w, _: {
            "post_id": w.ids["post:WZ.BGY"], "effective_on": T},
        ("POST", f"{r}/persons/{{person_id}}/transfers"): lambda w, _: {
            "from_post_id": w.ids["post:WZ.CGY"], "to_post_id": w.ids["post:WZ.BGY"],
            "effective_on": T},
        ("POST", f"{r}/persons/{{person_id}}/reliefs"): lambda w, _: {
            "post_id": w.ids["post:WZ.CGY"], "effective_on": "2099-01-01"},
        ("POST", f"{r}/persons/{{person_id}}/leaving"): lambda w, _: {
            "effective_on": "2099-01-01", "reason": "退休"},
        ("PUT", f"{r}/persons/{{person_id}}/in-charge"): lambda w, _: {"department_ids": []},
        ("POST", f"{r}/powers"): lambda w, _: {
            "department_id": w.ids["dept:WZ"], "code": new("WZ-"), "name": "供应商评价",
            "category": "decision"},
        ("PATCH", f"{r}/powers/{{power_id}}"): lambda w, _: {"reason": "修订", "time_limit": "3日"},
        ("POST", f"{r}/powers/{{power_id}}/retirement"): lambda w, _: {"reason": "撤销"},
        ("POST", f"{r}/powers/{{power_id}}/responsibilities"): lambda w, _: {
            "description": "复核", "post_id": w.ids["post:WZ.ZR"]},
        ("POST", f"{r}/powers/{{power_id}}/steps"): lambda w, _: {
            "name": "复核", "post_id": w.ids["post:WZ.ZR"]},
        ("PUT", f"{r}/powers/{{power_id}}/steps"): lambda w, _: {
            "step_ids": [w.ids["step:need"], w.ids["step:check"]]},
        ("PATCH", f"{r}/powers/{{power_id}}/steps/{{step_id}}"): lambda w, _: {"name": "部门审核"},
        ("POST", f"{r}/imports/powers"): xlsx,
        ("POST", f"{v}/risk-points"): propose,
        ("POST", f"{v}/risk-points/merges"): lambda w, _: {
            "risk_point_ids": [w.ids["merge:0"], w.ids["merge:1"]], "category": "ideology",
            "description": "合并"},
        ("PATCH", f"{v}/risk-points/{{point_id}}"): lambda w, _: {"description": "需求虚报"},
        ("POST", f"{v}/risk-points/{{point_id}}/self-assessment"): lambda w, _: {
            "factors": FACTORS, "proposed_grade": "low"},
        ("PUT", f"{v}/risk-points/{{point_id}}/grade"): lambda w, _: {
            "grade": "low", "reason": "评审确定"},
        ("POST", f"{v}/scoring-model/versions"): lambda w, _: {
            k: w.ids["scoring-model"][k] for k in ("weights", "thresholds", "measure_rules")},
        ("POST", f"{v}/risk-points/{{point_id}}/measures"): lambda w, _: {
            "text": "定期轮岗", "type": "institution", "stage": "prevention"},
        ("PATCH", f"{v}/risk-points/{{point_id}}/measures/{{measure_id}}"): lambda w, _: {
            "status": "in_progress"},
        ("POST", f"{v}/risk-points/{{point_id}}/approval"): lambda w, role: {
            "comment": "同意", "meeting_id": w.ids["meeting"] if role == "dept_head" else None},
        ("POST", f"{v}/risk-points/{{point_id}}/return"): lambda w, role: {
            "comment": "请补充", "meeting_id": w.ids["meeting"] if role == "dept_head" else None},
        ("POST", f"{v}/meetings"): lambda w, _: {
            "department_id": w.ids["dept:WZ"], "held_on": T,
            "attendee_ids": [w.ids[f"person:{p}"] for p in ("1001", "1002", "1003")]},
        ("POST", f"{v}/commitment-template/versions"): lambda w, _: {
            k: w.ids["commitment-template"][k] for k in ("title", "body")},
        ("POST", f"{v}/commitments"): lambda w, _: {"person_id": w.ids["person:1002"]},
        ("POST", f"{v}/commitments/{{person_id}}/signature"): lambda w, _: {
            "version": w.ids["commitment:version"], "digest": w.ids["commitment:digest"]},
        ("POST", f"{v}/commitments/{{person_id}}/receipt"): lambda w, _: {
            "version": w.ids["commitment:version"]},
        ("POST", f"{v}/commitments/{{person_id}}/publicity"): lambda w, _: {
            "version": w.ids["commitment:version"]},
        ("POST", f"{v}/briefings"): lambda w, _: {
            "level": "department", "title": "交底", "held_on": T,
            "department_id": w.ids["dept:WZ"]},
        ("POST", f"{v}/briefings/{{briefing_id}}/acknowledgements"): lambda w, _: {
            "knowings": ["powers", "risk_points"]},
        ("POST", f"{v}/publications"): lambda w, _: {
            "kind": "risks_and_measures", "department_id": w.ids["dept:WZ"]},
        ("POST", f"{v}/inspections"): lambda w, _: {
            "year": YEAR, "quarter": 2, "department_ids": [w.ids["dept:WZ"]]},
        ("POST", f"{v}/inspections/{{inspection_id}}/findings"): lambda w, _: {
            "item": "other", "description": "记录不全", "severity": "low",
            "owner_person_id": w.ids["person:1001"], "due_on": str(TODAY + MONTH)},
        ("POST", f"{v}/inspections/{{inspection_id}}/findings/{{finding_id}}/closure"): (
            lambda w, _: {"note": "已整改"}),
        ("POST", f"{v}/inspections/{{inspection_id}}/completion"): lambda w, _: {"summary": "完成"},
        ("POST", f"{v}/assessment-model/versions"): lambda w, _: {
            k: w.ids["assessment-model"][k] for k in ("weights", "deductions")},
        ("POST", f"{v}/assessments"): lambda w, _: {
            "year": YEAR, "department_ids": [w.ids["dept:WZ"]]},
        ("POST", f"{v}/assessments/{{department_id}}/{{year}}/adjustment"): lambda w, _: {
            "score": 90, "reason": "调整"},
        ("POST", f"{wn}/signals"): lambda w, _: {
            "channel": "audit", "received_on": T, "summary": "审计发现", "content": "未比价。",
            "department_ids": [w.ids["dept:WZ"]], "assignees": [OFFICE_USER]},
        ("POST", f"{wn}/signals/{{signal_id}}/identity-reads"): lambda w, _: {"reason": "核实"},
        ("POST", f"{wn}/imports/signals"): signals_xlsx,
        ("PUT", f"{wn}/cases/{{case_id}}/assignees"): lambda w, _: {
            "assignees": [OFFICE_USER, "office-2"]},
        ("POST", f"{wn}/cases/{{case_id}}/merges"): lambda w, _: {"case_id": w.ids["case:other"]},
        ("POST", f"{wn}/cases/{{case_id}}/assessments"): lambda w, _: {
            "severity": "low", "decision": "warn", "reasoning": "需要预警"},
        ("POST", f"{wn}/cases/{{case_id}}/warnings"): lambda w, _: {
            "department_id": w.ids["dept:WZ"], "summary": "预警", "content": "请整改。",
            "rectify_by": str(TODAY + timedelta(days=20))},
        ("POST", f"{wn}/cases/{{case_id}}/closure"): lambda w, _: {"summary": "办结"},
        ("POST", f"{wn}/warnings/{{warning_id}}/extensions"): lambda w, _: {
            "deadline": "rectify", "due": str(TODAY + timedelta(days=40)), "reason": "延期"},
        ("POST", f"{wn}/warnings/{{warning_id}}/withdrawal"): lambda w, _: {"reason": "撤回"},
        ("POST", f"{wn}/warnings/{{warning_id}}/returns"): lambda w, _: {"reason": "退回"},
        ("POST", f"{wn}/warnings/{{warning_id}}/acceptance"): lambda w, _: {"evaluation": "通过"},
        ("POST", f"{wn}/warnings/{{warning_id}}/measures"): lambda w, _: {
            "measure": "risk_reminder", "reason": "提示"},
        ("POST", f"{wn}/warnings/{{warning_id}}/acknowledgement"): lambda w, _: {
            "responsible_person_id": w.ids["person:1002"]},
        ("POST", f"{wn}/warnings/{{warning_id}}/actions"): lambda w, _: {
            "description": "重新比价", "done_on": T},
        ("POST", f"{wn}/warnings/{{warning_id}}/record"): lambda w, _: {
            "cause": "制度执行不严", "measures_taken": "重新比价", "result": "已整改",
            "completed_on": T},
        ("POST", f"{n}/contact-points"): lambda w, _: {
            "address": "role:office", "channel": "email", "target": "ops@example.org"},
        ("PATCH", f"{n}/contact-points/{{contact_id}}"): lambda w, _: {"label": "办公室"},
        ("PUT", f"{n}/rules/{{rule_id}}"): lambda w, _: {
            "event_type": "lianfang.review.risk_point_proposed", "recipients": ["role:office"]},
        ("PUT", f"{n}/templates/{{key}}"): lambda w, _: {
            "locales": {"zh-Hans": {"title": "通知", "body": "有新消息"}}},
    }  # fmt: skip
    return b


BODIES = _bodies()
# Writes that undo what later calls need run last, in this order.
LAST = ["/withdrawal", "/closure", "/leaving", "/retirement", "/reliefs", "/transfers"]


@dataclass
class Call:
    method: str
    path: str
    role: str
    own: bool
    cell: str

    @property
    def denied(self) -> bool:
        return self.cell == "—" or (self.cell in ("own", "self") and not self.own)


async def send(w: World, c: Call) -> httpx.Response:
    values = path_ids(w, c.method, c.path, c.role)
    url = re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), c.path)
    kw: dict[str, Any] = {"params": QUERY.get((c.method, c.path))}
    make = BODIES.get((c.method, c.path))
    if make is not None:
        body = make(w, c.role)
        if isinstance(body, bytes):
            kw["content"] = body
            kw["headers"] = {"content-type": XLSX_TYPE}
        else:
            kw["json"] = body
    headers = {**w.token(c.role, c.own), **kw.pop("headers", {})}
    return await w.asgi.request(c.method, url, headers=headers, **kw)


def judge(c: Call, r: httpx.Response, wz: str) -> str | None:
    """What is wrong with the answer, or None."""
    where = f"{c.method} {c.path} as {c.role} ({'own' if c.own else 'other'} department)"
    if c.denied:
        if r.status_code == 403:
            return None
        hint = " (body or state checked before authorisation?)" * (r.status_code != 200)
        return (
            f"{where}: documented {c.cell!r}, want 403, got {r.status_code}{hint}: {r.text[:200]}"
        )
    if r.status_code in (401, 403):
        return f"{where}: documented {c.cell!r}, got {r.status_code}: {r.text[:200]}"
    if r.status_code >= 500:
        return f"{where}: {r.status_code}: {r.text[:200]}"
    json = "json" in r.headers.get("content-type", "")
    if c.cell == "dept" and not c.own and json and wz in r.text:
        return f"{where}: documented 'dept', but the other department's answer names WZ"
    return None


@pytest.fixture(scope="module")
async def world(postgres_admin: str, kafka: TansuBroker) -> AsyncIterator[World]:
    """One running system for the module, with the organisation and resources set up."""
    with fresh_database(postgres_admin) as url:
        platform = platform_for(url, kafka.bootstrap, f"t{uuid.uuid4().hex[:8]}")
        async with running(platform, SERVICE_NAMES) as s:
            transport = httpx.ASGITransport(app=s.app)
            async with httpx.AsyncClient(transport=transport, base_url=s.base_url) as asgi:
                w = World(s, asgi)
                await organisation(w)
                await review(w)
                await warning(w)
                await notify(w)
                yield w


def order(key: tuple[str, str]) -> tuple[int, int, str, str]:
    """Reads, then writes, then deletions, then the writes that undo something (LAST)."""
    method, path = key
    last = next((n for n, end in enumerate(LAST) if path.endswith(end)), -1)
    return (last + 1, ("GET", "POST", "PUT", "PATCH", "DELETE").index(method), path, method)


async def test_every_role_gets_what_the_table_says(world: World) -> None:
    table = parse_table(DOC.read_text(encoding="utf-8"))
    calls = [
        Call(method, path, role, own, cells[role])
        for (method, path), cells in sorted(table.items(), key=lambda kv: order(kv[0]))
        for role in ROLES
        for own in (False, True)
    ]
    wz = world.ids["dept:WZ"]
    problems: list[str] = []
    observed: dict[tuple[str, str, str, bool], int] = {}

    # Denials first, concurrently: nothing changes while they run.
    denied = [c for c in calls if c.denied]
    gate = asyncio.Semaphore(8)

    async def check(c: Call) -> None:
        async with gate:
            r = await send(world, c)
        observed[(c.method, c.path, c.role, c.own)] = r.status_code
        if (problem := judge(c, r, wz)) is not None:
            problems.append(problem)

    await asyncio.gather(*(check(c) for c in denied))
    # Then the allowed calls, one at a time, in order (they may change state).
    for c in calls:
        if not c.denied:
            await check(c)
    if out := os.environ.get("LIANFANG_ACCESS_OBSERVED"):  # for scripts/gen_access_matrix.py
        seen = sorted(
            f"{m} {p} {r} {'own' if o else 'other'} {st}\n" for (m, p, r, o), st in observed.items()
        )
        await asyncio.to_thread(Path(out).write_text, "".join(seen), encoding="utf-8")
    assert not problems, f"{len(problems)} calls disagree with docs/access.md:\n" + "\n".join(
        sorted(problems)
    )
