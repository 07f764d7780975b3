"""Requests generated from each service's OpenAPI never get a 5xx.

Schemathesis turns every operation of a service's own OpenAPI into a hypothesis strategy:
valid requests (positive) and requests breaking the schema (negative: wrong types, bad UUIDs,
out-of-range numbers, missing fields...). They go over real HTTP to the service running on
PostgreSQL and Kafka, with valid bearer tokens, so they pass authentication and reach the
handlers and the database. Integer and date parameters are also pushed to their edges one by
one (huge numbers, year 1 and 9999). A 5xx fails the test, listed with a curl command that
repeats it; so does a value that passed validation and that PostgreSQL then refused (the 422
of the safety net in ``lianfang_shared.errors``).

``LIANFANG_FUZZ_EXAMPLES`` sets the examples per operation, mode and caller: the default 2,
with two of the four callers, sends about 1,500 requests in all; ``make test-fuzz`` sends 10
with every caller (about 7,000). Generation is derandomised (the same code sends the same
requests) and hypothesis keeps no example database.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from lianfang_shared.cli import build_app
from lianfang_shared.settings import SERVICE_NAMES, PlatformSettings
from tests.support import System, running

pytestmark = [
    pytest.mark.integration,
    # schemathesis' strategies use `random` inside; harmless here (generation is derandomised)
    pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning"),
]

EXAMPLES = int(os.environ.get("LIANFANG_FUZZ_EXAMPLES", "2"))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Spreadsheet imports get arbitrary bytes, as any binary body.
schemathesis.serializer.alias(XLSX, "application/octet-stream")

# Every role but auditor (read-only: it would turn each write into a 403) and service.
PRIVILEGED = (
    "admin",
    "office",
    "discipline",
    "party_committee",
    "party_secretary",
    "leader",
    "dept_head",
    "middle_cadre",
    "dept_staff",
)


@dataclass(frozen=True)
class Caller:
    name: str
    roles: tuple[str, ...]
    modes: tuple[GenerationMode, ...]
    examples: int
    department: bool = False


CALLERS = (
    Caller("privileged", PRIVILEGED, (GenerationMode.POSITIVE, GenerationMode.NEGATIVE), EXAMPLES),
    Caller("admin", ("admin",), (GenerationMode.POSITIVE,), max(1, EXAMPLES // 2)),
    Caller("dept_staff", ("dept_staff",), (GenerationMode.POSITIVE,), max(1, EXAMPLES // 2), True),
    Caller("auditor", ("auditor",), (GenerationMode.POSITIVE,), max(1, EXAMPLES // 2)),
)
# The default run sends the privileged caller's requests and one narrower caller's per
# service; a larger run (``make test-fuzz``) sends every caller's to every service.
NARROW = {"registry": "dept_staff", "review": "auditor", "warning": "dept_staff", "notify": "admin"}


def callers(service: str) -> list[Caller]:
    if EXAMPLES > 2:
        return list(CALLERS)
    return [c for c in CALLERS if c.name in ("privileged", NARROW[service])]


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


def api_schema(platform: PlatformSettings, service: str) -> Any:
    """The service's own OpenAPI (as ``lianfang serve <service>`` publishes it), without its
    security scheme: the fuzz sends valid tokens; refusing bad ones is tested elsewhere."""
    spec = build_app(platform, [service]).openapi()
    spec.get("components", {}).pop("securitySchemes", None)
    for operations in spec["paths"].values():
        for operation in operations.values():
            operation.pop("security", None)
    return schemathesis.openapi.from_dict(spec)


def fuzz(
    operation: Any,
    mode: GenerationMode,
    examples: int,
    s: System,
    headers: dict[str, str],
    tally: Tally,
) -> None:
    """Send ``examples`` generated requests for one operation (in a thread: the server runs
    in the test's event loop)."""
    session = requests.Session()

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(operation.as_strategy(generation_mode=mode))
    def send(case: Any) -> None:
        try:
            r = case.call(base_url=s.base_url, session=session, headers=headers, timeout=60)
        except (requests.exceptions.InvalidHeader, requests.exceptions.InvalidURL):
            return  # the client would not send it (e.g. a control character in a header)
        tally.statuses[r.status_code] += 1
        # A 5xx, or a value that got past validation and the database refused (errors.py
        # answers that with 422 as a safety net; the edge should have refused it).
        if r.status_code >= 500 or b"value not accepted" in r.content:
            curl = case.as_curl_command(headers={"Authorization": "Bearer $TOKEN"})
            tally.failures.append(f"{r.status_code} {mode.value}: {curl}\n  {r.text_lossy()[:300]}")

    try:
        send()
    except Unsatisfiable:
        pass  # nothing to break in an operation without parameters (negative mode)


# Values at and past the edges that random generation seldom reaches.
EDGES: dict[str, tuple[str, ...]] = {
    "integer": ("0", "-1", str(2**31), str(2**63), str(-(2**63) - 1), "9" * 30),
    "date": ("0001-01-01", "0001-12-31", "9999-12-31", "1900-02-29", "2024-02-29"),
    "date-time": ("0001-01-01T00:00:00", "9999-12-31T23:59:59", "9999-12-31T23:59:59-14:00"),
}
ZERO_UUID = "00000000-0000-0000-0000-000000000000"


def plain(schema: dict[str, Any]) -> dict[str, Any]:
    """A parameter's schema without ``anyOf: [X, null]``."""
    return next((a for a in schema.get("anyOf", [schema]) if a.get("type") != "null"), schema)


def filler(schema: dict[str, Any]) -> str:
    """An unremarkable value for a parameter that is not the one being pushed."""
    s = plain(schema)
    if "enum" in s:
        return str(s["enum"][0])
    if s.get("format") == "uuid":
        return ZERO_UUID
    if s.get("format") == "date":
        return "2026-06-30"
    if s.get("type") == "integer":
        return str(s.get("minimum", 1))
    if s.get("type") == "boolean":
        return "false"
    return "x"


def edge_requests(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, str]]]:
    """(method, path, query) pushing one integer or date parameter at a time to its edges."""
    out = []
    for template, operations in spec["paths"].items():
        if not template.startswith("/api/"):
            continue
        for method, operation in operations.items():
            params = [p for p in operation.get("parameters", []) if p["in"] in ("path", "query")]
            for pushed in params:
                s = plain(pushed["schema"])
                kind = s.get("format") if s.get("format") in EDGES else s.get("type")
                for value in EDGES.get(str(kind), ()):
                    path, query = template, {}
                    for p in params:
                        v = value if p is pushed else filler(p["schema"])
                        if p["in"] == "path":
                            path = path.replace("{" + p["name"] + "}", v)
                        elif p is pushed or p.get("required"):
                            query[p["name"]] = v
                    out.append((method.upper(), path, query))
    return out


@pytest.mark.parametrize("service", SERVICE_NAMES)
async def test_generated_requests_never_get_a_server_error(
    platform: PlatformSettings, service: str
) -> None:
    schema = api_schema(platform, service)
    operations = [op.ok() for op in schema.get_all_operations() if op.ok().path.startswith("/api/")]
    tally = Tally()
    async with running(platform, [service]) as s:
        for caller in callers(service):
            claims = {"department_id": str(uuid.uuid4())} if caller.department else {}
            token = s.token(*caller.roles, user=f"fuzz-{caller.name}", **claims)
            headers = {"Authorization": f"Bearer {token}"}
            for operation in operations:
                for mode in caller.modes:
                    await asyncio.to_thread(
                        fuzz, operation, mode, caller.examples, s, headers, tally
                    )
        privileged = s.auth(*PRIVILEGED, user="fuzz-edges")
        for method, path, query in edge_requests(schema.raw_schema):
            r = await s.http.request(method, path, params=query, headers=privileged)
            tally.statuses[r.status_code] += 1
            if r.status_code >= 500 or b"value not accepted" in r.content:
                tally.failures.append(f"{r.status_code} edge: {method} {r.url}\n  {r.text[:300]}")
    sent = sum(tally.statuses.values())
    summary = f"{service}: {sent} requests, statuses {dict(sorted(tally.statuses.items()))}"
    print(summary)
    assert not tally.failures, summary + "\n" + "\n".join(tally.failures[:30])
    # The tokens work: handlers ran, and wrote as well as read.
    assert sent >= len(operations) * 3
    assert tally.statuses[200] > 0 and tally.statuses[401] == 0, summary
    assert tally.statuses[422] > 0, summary
