"""An auditor reads every history and changes nothing: every write route answers 403."""

from __future__ import annotations

import re

import httpx
import pytest

from lianfang_shared.auth import mint_token
from lianfang_shared.cli import build_app
from lianfang_shared.settings import SERVICE_NAMES, PlatformSettings
from tests.audit.helpers import API, fill, settled
from tests.support import System

pytestmark = pytest.mark.integration
WRITES = {"post", "put", "patch", "delete"}


async def test_every_write_route_refuses_an_auditor() -> None:
    settings = PlatformSettings(environment="test")
    app = build_app(settings, SERVICE_NAMES)
    # An auditor account stays read-only even when it holds other roles too.
    token = mint_token(settings, "auditor-1", ["auditor", "admin", "office"])
    headers = {"Authorization": f"Bearer {token}"}
    transport = httpx.ASGITransport(app=app)
    writes = 0
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        for path, operations in app.openapi()["paths"].items():
            concrete = re.sub(r"\{[^}]+\}", "00000000-0000-0000-0000-000000000000", path)
            for method in set(operations) & WRITES:
                r = await client.request(method.upper(), concrete, headers=headers)
                assert r.status_code == 403, f"{method} {path} answered {r.status_code}"
                assert "auditors read and never change anything" in r.text
                writes += 1
    assert writes > 20


async def test_the_audit_trail_is_for_auditors_the_office_and_the_discipline_committee(
    registry: System,
) -> None:
    powers = fill(registry, powers=1, amendments=1)
    for role, status in [("auditor", 200), ("office", 200), ("discipline", 200),
                         ("dept_staff", 403), ("admin", 403), ("service", 403)]:  # fmt: skip
        for path in (
            f"/audit/aggregates/{powers[0]}/events",
            f"/audit/aggregates/{powers[0]}/state",
            "/audit/verify",
            "/audit/checkpoints",
            "/audit/export.jsonl",
        ):
            r = await registry.http.get(f"{API}{path}", headers=registry.auth(role))
            assert r.status_code == status, f"{role} {path}: {r.status_code} {r.text}"
    r = await registry.http.get(f"{API}/audit/verify")
    assert r.status_code == 401


async def test_an_auditor_reads_the_registry_like_everyone_else(registry: System) -> None:
    fill(registry, powers=2, amendments=0)
    await settled(registry)
    r = await registry.http.get(f"{API}/powers", headers=registry.auth("auditor"))
    assert r.status_code == 200 and r.json()["total"] == 2
    body = {"code": "CW", "name": "财务部"}
    r = await registry.http.post(f"{API}/departments", json=body, headers=registry.auth("auditor"))
    assert r.status_code == 403
    r = await registry.http.post(f"{API}/departments", json=body, headers=registry.auth("admin"))
    assert r.status_code == 201
