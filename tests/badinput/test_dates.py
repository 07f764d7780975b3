"""Days in request bodies are days of the calendar the system reckons with (1900-2999,
``lianfang_shared.params.Day``): year 1 or 9999 is an obviously mistyped year, answered with
a 422 naming the field, and nothing is stored; 1900-01-01 and 2999-12-31 pass validation
(and the use case then decides, e.g. a deadline may not be in the past).

Before, such a day was stored and published, and the arithmetic on it downstream overflowed:
notify dead-lettered a finding due 9999-12-31 (an escalation 7 days after it), review
dead-lettered an appointment effective 9999-12-31 (the briefing due 30 days after it). Those
consumers now apply such events (``tests/notify/test_far_deadlines.py``,
``tests/review/test_far_dates.py``), since the log may already hold them.

Every date field of every JSON request body of the four services (found in their OpenAPI;
notify has none) is checked for the refusal, and representative endpoints of registry,
review and warning with an otherwise valid body for the refusal, the stored nothing and the
edges accepted. One running system for the module.
"""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from lianfang_shared.auth import Role
from lianfang_shared.cli import build_app
from lianfang_shared.embedded import TansuBroker
from lianfang_shared.settings import SERVICE_NAMES
from tests.registry.factory import Factory, register_organisation
from tests.support import System, eventually, fresh_database, platform_for, running

pytestmark = pytest.mark.integration

FAR = ("0001-01-01", "9999-12-31")
BOUND = {
    "0001-01-01": "greater than or equal to 1900-01-01",
    "9999-12-31": "less than or equal to 2999-12-31",
}
EDGES = ("1900-01-01", "2999-12-31")
ROLES = ("admin", "office", "discipline")
SERIAL = itertools.count(1)


@dataclass
class World:
    s: System
    f: Factory
    case_id: str = ""
    warning_id: str = ""
    inspection_id: str = ""
    years: itertools.count[int] = field(default_factory=lambda: itertools.count(2030))

    @property
    def auth(self) -> dict[str, str]:
        return self.s.auth(*ROLES, user="office-1")

    async def post(self, path: str, body: dict[str, Any], expect: int | None = None) -> Any:
        r = await self.s.http.post(f"/api/v1{path}", json=body, headers=self.auth)
        if expect is not None:
            assert r.status_code == expect, f"{path}: {r.status_code} {r.text}"
        return r


def head(s: System, service: str) -> int:
    """The head of the service's event log (what it has stored)."""
    app = s.services[service].app
    assert app is not None
    return int(app.recorder.max_notification_id() or 0)


async def quiet_heads(s: System, services: tuple[str, ...]) -> dict[str, int]:
    """The services' log heads once they stop moving: review and warning go on reacting to
    the setup's events (briefings owed on appointment, ...) for a while after it returns."""

    async def still() -> dict[str, int]:
        before = {n: head(s, n) for n in services}
        await asyncio.sleep(2)
        after = {n: head(s, n) for n in services}
        return after if after == before else {}

    return await eventually(still, timeout=90, interval=0)


def knows_departments(s: System, service: str, n: int) -> Callable[[], Awaitable[bool]]:
    def count() -> bool:
        with s.services[service].db.transaction() as conn:
            row = conn.execute("SELECT count(*) AS n FROM departments").fetchone()
        return bool(row and row["n"] >= n)

    return lambda: asyncio.to_thread(count)


@pytest.fixture(scope="module")
async def world(postgres_admin: str, kafka: TansuBroker) -> AsyncIterator[World]:
    """All four services on one database; the seed's factory registered and replicated; a
    case assessed for a warning, a warning issued, an inspection planned."""
    with fresh_database(postgres_admin) as url:
        platform = platform_for(url, kafka.bootstrap, f"t{uuid.uuid4().hex[:8]}")
        async with running(platform, SERVICE_NAMES) as s:
            w = World(s, await register_organisation(s))
            n = len(w.f.departments)
            for service in ("review", "warning"):
                await eventually(knows_departments(s, service, n), timeout=60)
            wz = w.f.departments["WZ"]
            signal = {"channel": "audit", "received_on": "2026-01-05", "summary": "审计发现",
                      "content": "采购询价不充分", "department_ids": [wz]}  # fmt: skip
            w.case_id = (await w.post("/warning/signals", signal, 201)).json()["case_id"]
            assessment = {"severity": "medium", "decision": "warn", "reasoning": "需预警"}
            await w.post(f"/warning/cases/{w.case_id}/assessments", assessment, 201)
            issued = {"department_id": wz, "summary": "采购预警", "content": "请整改"}
            r = await w.post(f"/warning/cases/{w.case_id}/warnings", issued, 201)
            w.warning_id = r.json()["id"]
            plan = {"year": 2029, "quarter": 4, "department_ids": [wz]}
            w.inspection_id = (await w.post("/review/inspections", plan, 201)).json()["ids"][0]
            yield w


async def new_person(w: World, appointed_on: str | None = None) -> str:
    body = {"staff_no": f"D{next(SERIAL):04d}", "name": "测试人员"}
    person = (await w.post("/registry/persons", body, 201)).json()["id"]
    if appointed_on is not None:
        post = {"post_id": w.f.posts["WZ.CGY"], "effective_on": appointed_on}
        await w.post(f"/registry/persons/{person}/appointments", post, 204)
    return str(person)


# Where a body with the day goes: (service, field, prepare, statuses for EDGES); ``prepare``
# may set things up (a new person) before the request is sent.
Prepare = Callable[[World, str], Awaitable[tuple[str, dict[str, Any]]]]


async def appointment(w: World, day: str) -> tuple[str, dict[str, Any]]:
    person = await new_person(w)
    body = {"post_id": w.f.posts["WZ.CGY"], "effective_on": day}
    return f"/registry/persons/{person}/appointments", body


async def leaving(w: World, day: str) -> tuple[str, dict[str, Any]]:
    person = await new_person(w, appointed_on="1900-01-01")
    return f"/registry/persons/{person}/leaving", {"effective_on": day}


async def signal(w: World, day: str) -> tuple[str, dict[str, Any]]:
    body = {"channel": "audit", "received_on": day, "summary": "来信", "content": "反映问题"}
    return "/warning/signals", body


async def warning(w: World, day: str) -> tuple[str, dict[str, Any]]:
    body = {"department_id": w.f.departments["WZ"], "summary": "预警", "content": "请整改",
            "respond_by": day, "rectify_by": day}  # fmt: skip
    return f"/warning/cases/{w.case_id}/warnings", body


async def extension(w: World, day: str) -> tuple[str, dict[str, Any]]:
    body = {"deadline": "rectify", "due": day, "reason": "延期"}
    return f"/warning/warnings/{w.warning_id}/extensions", body


async def inspection(w: World, day: str) -> tuple[str, dict[str, Any]]:
    body = {"year": next(w.years), "quarter": 1, "department_ids": [w.f.departments["WZ"]],
            "due_on": day}  # fmt: skip
    return "/review/inspections", body


async def finding(w: World, day: str) -> tuple[str, dict[str, Any]]:
    body = {"item": "other", "description": "台账不全", "severity": "low",
            "owner_person_id": w.f.persons["1002"], "due_on": day}  # fmt: skip
    return f"/review/inspections/{w.inspection_id}/findings", body


CASES: dict[str, tuple[str, str, Prepare, tuple[int, int]]] = {
    "registry appointment": ("registry", "effective_on", appointment, (204, 204)),
    "registry leaving": ("registry", "effective_on", leaving, (204, 204)),
    # A signal is not received after today; a deadline is not before it (the use case's 422).
    "warning signal": ("warning", "received_on", signal, (201, 422)),
    "warning issued": ("warning", "rectify_by", warning, (422, 201)),
    "warning extension": ("warning", "due", extension, (422, 204)),
    "review inspection plan": ("review", "due_on", inspection, (201, 201)),
    "review finding": ("review", "due_on", finding, (422, 201)),
}


def out_of_range(r: httpx.Response, name: str) -> list[str]:
    """The validation messages of body field ``name`` (none if it passed validation)."""
    detail = r.json().get("detail") if r.status_code == 422 else None
    if not isinstance(detail, list):
        return []
    return [e["msg"] for e in detail if e["loc"][:1] == ["body"] and e["loc"][-1] == name]


@pytest.mark.parametrize("case", CASES)
async def test_far_days_are_refused_and_the_edges_pass(world: World, case: str) -> None:
    service, name, prepare, expected = CASES[case]
    s = world.s
    for day in FAR:
        path, body = await prepare(world, day)
        before = head(s, service)
        r = await world.post(path, body)
        assert r.status_code == 422, r.text
        assert out_of_range(r, name) == [f"Input should be {BOUND[day]}"], r.text
        assert head(s, service) == before
    for day, status in zip(EDGES, expected, strict=True):
        r = await world.post(*await prepare(world, day))
        assert out_of_range(r, name) == [], r.text
        assert r.status_code == status, f"{day}: {r.text}"


def body_dates(spec: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    """(method, path, fields) of every operation whose JSON body has date fields."""
    schemas = spec.get("components", {}).get("schemas", {})

    def dates(schema: dict[str, Any], seen: frozenset[str]) -> list[str]:
        if "$ref" in schema:
            ref = schema["$ref"].rsplit("/", 1)[-1]
            return [] if ref in seen else dates(schemas[ref], seen | {ref})
        found = [n for sub in schema.get("anyOf", []) for n in dates(sub, seen)]
        for prop, sub in schema.get("properties", {}).items():
            inner = [sub, *sub.get("anyOf", [])]
            if any(s.get("format") == "date" for s in inner):
                found.append(prop)
        return found

    out = []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            content = op.get("requestBody", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema")
            if schema and (fields := dates(schema, frozenset())):
                out.append((method, path, fields))
    return out


async def test_every_date_in_every_body_is_bounded(world: World) -> None:
    """Each date field of each JSON body of each service, alone in the body: year 1 and 9999
    are refused by name (whatever else the body misses), and nothing is stored."""
    s = world.s
    operations = [
        op for n in SERVICE_NAMES for op in body_dates(build_app(s.platform, [n]).openapi())
    ]
    services = {path.split("/")[3] for _, path, _ in operations}
    assert services == {"registry", "review", "warning"}  # notify's bodies have no dates
    assert len(operations) >= 15
    heads = await quiet_heads(s, ("registry", "review", "warning"))
    wz, person = world.f.departments["WZ"], world.f.persons["1001"]
    ids = {"case_id": world.case_id, "warning_id": world.warning_id, "person_id": person,
           "inspection_id": world.inspection_id}  # fmt: skip
    anyone = [r for r in Role if r not in (Role.auditor, Role.service)]
    auth = {"Authorization": f"Bearer {s.token(*anyone, department_id=wz, person_id=person)}"}
    for method, path, fields in operations:
        url = path.format(**ids, **{p: str(uuid.uuid4()) for p in ("point_id", "measure_id")})
        for name, day in itertools.product(fields, FAR):
            r = await s.http.request(method, url, json={name: day}, headers=auth)
            assert r.status_code == 422 and len(out_of_range(r, name)) == 1, (path, r.text)
    assert {n: head(s, n) for n in heads} == heads
