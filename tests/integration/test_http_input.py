"""Bad input to the HTTP API gets a clear 4xx and stores nothing; routes deny by default."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import jwt
import pytest

from lianfang_shared.auth import mint_token
from lianfang_shared.cli import build_app
from lianfang_shared.settings import SERVICE_NAMES, PlatformSettings
from tests.support import System, running

pytestmark = pytest.mark.integration
URL = "/api/v1/registry/departments"


@pytest.fixture
async def registry(platform: PlatformSettings) -> AsyncIterator[System]:
    async with running(platform, ["registry"]) as system:
        yield system


def stored(s: System) -> int:
    return s.services["registry"].app.recorder.max_notification_id() or 0


def forged(s: System) -> str:
    claims = {
        "sub": "mallory",
        "roles": ["admin"],
        "iss": "lianfang",
        "aud": "lianfang",
        "exp": 9999999999,
    }
    return jwt.encode(claims, "not-the-server-secret-but-long-enough!", algorithm="HS256")


@pytest.mark.parametrize(
    ("case", "status", "detail"),
    [
        ("malformed json", 422, "JSON decode error"),
        ("wrong types", 422, "string_type"),
        ("missing field", 422, "missing"),
        ("unknown field", 422, "extra_forbidden"),
        ("bad pattern", 422, "string_pattern_mismatch"),
        ("oversize body", 413, "larger than"),
        ("no token", 401, "missing bearer token"),
        ("expired token", 401, "token expired"),
        ("forged token", 401, "signature is invalid"),
        ("garbage token", 401, "invalid token"),
        ("wrong role", 403, "requires one of the roles"),
    ],
)
async def test_bad_requests_are_refused_and_store_nothing(
    registry: System, case: str, status: int, detail: str
) -> None:
    s = registry
    admin = s.auth("admin")
    good = {"code": "CW", "name": "财务部"}
    requests = {
        "malformed json": dict(
            content=b'{"code": "CW", "name": ',
            headers={**admin, "content-type": "application/json"},
        ),
        "wrong types": dict(json={"code": "CW", "name": ["财务部"]}, headers=admin),
        "missing field": dict(json={"code": "CW"}, headers=admin),
        "unknown field": dict(json={**good, "budget": 1}, headers=admin),
        "bad pattern": dict(json={**good, "code": "财 务"}, headers=admin),
        "oversize body": dict(
            json={**good, "name": "x" * (s.platform.max_body_bytes + 1)}, headers=admin
        ),
        "no token": dict(json=good),
        "expired token": dict(
            json=good,
            headers={
                "Authorization": "Bearer " + mint_token(s.platform, "u1", ["admin"], ttl_seconds=-1)
            },
        ),
        "forged token": dict(json=good, headers={"Authorization": f"Bearer {forged(s)}"}),
        "garbage token": dict(json=good, headers={"Authorization": "Bearer abc.def.ghi"}),
        "wrong role": dict(json=good, headers=s.auth("dept_staff")),
    }
    r = await s.http.post(URL, **requests[case])
    assert r.status_code == status, r.text
    assert detail in r.text
    assert r.headers["content-type"].startswith("application/json")
    if status == 401:
        assert r.headers["www-authenticate"] == "Bearer"
    assert stored(s) == 0


async def test_a_good_request_after_bad_ones_is_stored(registry: System) -> None:
    r = await registry.http.post(
        URL, json={"code": "CW", "name": "财务部"}, headers=registry.auth("admin")
    )
    assert r.status_code == 201
    assert stored(registry) == 1
    r = await registry.http.post(
        URL, json={"code": "CW", "name": "又一个"}, headers=registry.auth("admin")
    )
    assert r.status_code == 409
    assert stored(registry) == 1


PUBLIC = {
    "/healthz",
    "/readyz",
    "/docs",
    "/docs/oauth2-redirect",
    "/redoc",
    "/openapi.json",
    "/asyncapi",
    "/asyncapi.json",
}


async def test_every_route_denies_by_default() -> None:
    """Without a token every API route answers 401; only health and docs are public."""
    app = build_app(PlatformSettings(environment="test"), SERVICE_NAMES)
    transport = httpx.ASGITransport(app=app)
    checked = 0
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        for path, operations in app.openapi()["paths"].items():
            if path in PUBLIC:
                continue
            concrete = re.sub(r"\{[^}]+\}", "00000000-0000-0000-0000-000000000000", path)
            for method in operations:
                r = await client.request(method.upper(), concrete)
                assert r.status_code == 401, f"{method} {path} answered {r.status_code}"
                checked += 1
    assert checked > 10
