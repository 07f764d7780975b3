"""The timeline of a subject across services, and the whistleblower's identity: never in a
history, timeline or export unless the viewer may see it (auditors included)."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from lianfang_shared.audit.offline import verify_file
from lianfang_shared.audit.redaction import mark_secret, unmark
from lianfang_shared.auth import Principal, Role
from lianfang_shared.settings import PlatformSettings
from tests.audit.doubles import Signal, stand_in
from tests.support import System, running

pytestmark = pytest.mark.integration


@pytest.fixture
async def both(platform: PlatformSettings) -> AsyncIterator[System]:
    """The registry and a stand-in with a log of its own, in the warning service's place."""
    async with running(platform, ["registry", "warning"], specs={"warning": stand_in()}) as s:
        yield s


@pytest.fixture
def reporter_is_secret() -> Iterator[None]:
    """Only the office (handling the case) sees who reported a signal."""

    def handles_case(viewer: Principal | None, _: Any) -> bool:
        return viewer is not None and viewer.has(Role.office)

    mark_secret(Signal.Raised, "reporter", visible_to=handles_case)
    mark_secret(Signal, "reporter", visible_to=handles_case)
    yield
    unmark(Signal.Raised)
    unmark(Signal)


def story(s: System) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    """A power, a signal about it from a reporter, a note, and an amendment of the power."""
    registry, signals = s.services["registry"].app, s.services["warning"].app
    department = registry.create_department("WZ", "物资供应部")
    power = registry.register_power(
        department, "WZ-001", {"name": "物资采购审批", "category": "approval"}
    )
    reporter = uuid.uuid4()
    signal = signals.raise_signal(power, "信访举报", reporter)
    signals.note(signal, "已约谈")
    registry.amend_power(power, {"name": "物资采购审批（修订）"}, "整改")
    return power, signal, reporter


async def get(s: System, path: str, role: str = "auditor", **params: Any) -> Any:
    r = await s.http.get(path, params=params, headers=s.auth(role))
    assert r.status_code == 200, r.text
    return r.json()


async def test_a_power_with_its_signals_across_services_in_time_order(both: System) -> None:
    power, _, _ = story(both)
    for asked in ("registry", "warning"):  # any service assembles the same timeline
        t = await get(both, f"/api/v1/{asked}/audit/timeline/{power}")
        got = [(e["service"], e["type"]) for e in t["events"]]
        assert got == [
            ("registry", "Power.Registered"),
            ("warning", "Signal.Raised"),
            ("warning", "Signal.Noted"),  # names no power: related through its signal
            ("registry", "Power.Amended"),
        ]
        assert t["services"]["registry"] == t["services"]["warning"] == "ok"
        assert t["services"]["review"].startswith("404")  # not running here
    t = await get(both, f"/api/v1/registry/audit/timeline/{power}", related="false")
    assert [e["type"] for e in t["events"]] == [
        "Power.Registered",
        "Signal.Raised",
        "Power.Amended",
    ]
    r = await both.http.get(f"/api/v1/registry/audit/timeline/{power}")
    assert r.status_code == 401


async def test_the_reporter_is_hidden_from_auditors_everywhere(
    both: System, reporter_is_secret: None
) -> None:
    power, signal, reporter = story(both)
    for role, sees in (("auditor", False), ("discipline", False), ("office", True)):
        history = await get(both, f"/api/v1/warning/audit/aggregates/{signal}/events", role)
        raised = history["events"][0]
        assert ("reporter" in raised["data"]) is sees
        assert raised["redacted"] == ([] if sees else ["reporter"])
        state = await get(both, f"/api/v1/warning/audit/aggregates/{signal}/state", role)
        assert ("reporter" in state["state"]) is sees
        # The reporter's own timeline shows the report only to those who may see it.
        t = await get(both, f"/api/v1/registry/audit/timeline/{reporter}", role)
        shown = ["Signal.Raised", "Signal.Noted"] if sees else []
        assert [e["type"] for e in t["events"]] == shown
        # The power's timeline still shows the signal, without the reporter.
        t = await get(both, f"/api/v1/registry/audit/timeline/{power}", role)
        assert (str(reporter) in json.dumps(t)) is sees

    seal_stand_in(both)
    r = await both.http.get("/api/v1/warning/audit/export.jsonl", headers=both.auth("auditor"))
    assert str(reporter) not in r.text and reporter.hex not in r.text
    raised = [json.loads(x) for x in r.text.splitlines()][1]
    assert raised["withheld"] == ["reporter"] and "state" not in raised
    report = verify_file(r.content)
    assert report.ok, report.to_json()
    r = await both.http.get("/api/v1/warning/audit/export.xlsx", headers=both.auth("auditor"))
    assert reporter.hex.encode() not in r.content and str(reporter).encode() not in r.content
    r = await both.http.get("/api/v1/warning/audit/export.jsonl", headers=both.auth("office"))
    assert reporter.hex in r.text


def seal_stand_in(s: System) -> None:
    audit = s.services["warning"].audit
    assert audit is not None
    audit.catch_up()
    audit.checkpoint()
