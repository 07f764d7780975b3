"""Every service refuses, before parsing or validation and storing nothing: oversize bodies
(413), JSON nested too deeply, and text PostgreSQL cannot store (NUL, unpaired surrogates)
in a JSON body or in the URL (422)."""

from __future__ import annotations

import json

import pytest

from lianfang_shared.limits import json_depth, json_text_problem
from lianfang_shared.settings import SERVICE_NAMES, PlatformSettings
from tests.support import System, running

# A route of each service that takes a JSON body, and one that takes a text query parameter.
WRITES = {
    "registry": "/api/v1/registry/departments",
    "review": "/api/v1/review/risk-points",
    "warning": "/api/v1/warning/signals",
    "notify": "/api/v1/notify/contact-points",
}
QUERIES = {
    "registry": "/api/v1/registry/persons?q=",
    "review": "/api/v1/review/risk-points?q=",
    "warning": "/api/v1/warning/cases?q=",
    "notify": "/api/v1/notify/contact-points?address=",
}
ROLES = ("admin", "office", "discipline")


def nested(depth: int) -> bytes:
    """``{"code": "CW", "name": [[...["财务部"]...]]}`` with ``depth`` levels in all."""
    return (
        b'{"code": "CW", "name": '
        + b"[" * (depth - 1)
        + '"财务部"'.encode()
        + b"]" * (depth - 1)
        + b"}"
    )


async def stored(s: System, service: str) -> int:
    """What the service holds: its event log's head, or notify's contact points."""
    svc = s.services[service]
    if svc.app is not None:
        return int(svc.app.recorder.max_notification_id() or 0)
    r = await s.http.get(WRITES["notify"], headers=s.auth("admin"))
    assert r.status_code == 200, r.text
    return int(r.json()["total"])


@pytest.mark.integration
@pytest.mark.parametrize("service", SERVICE_NAMES)
async def test_bad_bodies_and_urls_are_refused_early(
    platform: PlatformSettings, service: str
) -> None:
    limit = platform.max_json_depth
    url = WRITES[service]
    async with running(platform, [service]) as s:
        auth = {**s.auth(*ROLES), "content-type": "application/json"}
        before = await stored(s, service)

        async def post(body: bytes) -> tuple[int, str]:
            r = await s.http.post(url, content=body, headers=auth)
            assert r.headers["content-type"].startswith("application/json"), r.text
            return r.status_code, r.text

        big = json.dumps({"code": "CW", "name": "x" * platform.max_body_bytes}).encode()
        assert await post(big) == (
            413,
            f'{{"detail": "request body larger than {platform.max_body_bytes} bytes"}}',
        )
        deep = f"JSON nested deeper than {limit} levels"
        for depth in (limit + 1, 100_000):
            status, text = await post(nested(depth))
            assert (status, json.loads(text)["detail"]) == (422, deep), depth
        # At the limit the guard lets it through; validation then answers for the route.
        status, text = await post(nested(limit))
        assert status == 422 and deep not in text
        for text_value, problem in (
            ("财务\\u0000部", "NUL"),
            ("财务\\ud800部", "unpaired UTF-16 surrogates"),
            ("\\udfff", "unpaired UTF-16 surrogates"),
        ):
            body = b'{"code": "CW", "name": "' + text_value.encode() + b'"}'
            status, text = await post(body)
            assert status == 422 and problem in text, text
        r = await s.http.get(QUERIES[service] + "%00", headers=auth)
        assert r.status_code == 422 and "NUL" in r.text, r.text
        r = await s.http.get(url.replace("/api/", "/api/%00", 1), headers=auth)
        assert r.status_code == 422 and "NUL" in r.text, r.text
        assert await stored(s, service) == before


@pytest.mark.integration
async def test_good_bodies_pass_the_guard(platform: PlatformSettings) -> None:
    """Escaped text that is fine (a surrogate pair, an escaped backslash before "u0000")
    passes, and is stored as sent."""
    async with running(platform, ["registry"]) as s:
        name = "财务部 😀 \\u0000"
        r = await s.http.post(
            WRITES["registry"],
            content=json.dumps({"code": "CW", "name": name}).encode(),  # ASCII: \\ud83d\\ude00
            headers={**s.auth("admin"), "content-type": "application/json"},
        )
        assert r.status_code == 201, r.text
        r = await s.http.get(f"{WRITES['registry']}/{r.json()['id']}", headers=s.auth("admin"))
        assert r.json()["name"] == name


@pytest.mark.unit
@pytest.mark.parametrize(
    ("body", "depth"),
    [
        (b"", 0),
        (b"5", 0),
        (b"[]", 1),
        (b'{"a": [1, {"b": [2]}]}', 4),
        (b'{"a": "[[[[{{{{"}', 1),
        (b'["\\"[[[["]', 1),
        (b"[" * 40 + b"]" * 40, 40),
        (b"[[],[],[[]]]", 3),
    ],
)
def test_json_depth(body: bytes, depth: int) -> None:
    assert json_depth(body) == depth


@pytest.mark.unit
@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b'"plain"', None),
        (b'"\\u4e2d\\u6587"', None),
        (b'"\\ud83d\\ude00"', None),
        (b'"\\uD83D\\uDE00"', None),
        (b'"\\\\u0000"', None),  # an escaped backslash, then the text u0000
        (b'"a\\u0000"', "NUL"),
        (b'"\\\\\\u0000"', "NUL"),
        (b'"\\ud83d"', "surrogates"),
        (b'"\\ude00"', "surrogates"),
        (b'"\\ud83dx"', "surrogates"),
        (b'"\\ud83d\\u0041"', "surrogates"),
        (b'["\\ud83d", "\\ude00"]', "surrogates"),
    ],
)
def test_json_text_problem(body: bytes, problem: str | None) -> None:
    found = json_text_problem(body)
    assert (found is None) if problem is None else (found is not None and problem in found)
    if problem is None:
        json.loads(body)  # and it is JSON
