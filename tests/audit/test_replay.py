"""Replay: a read model rebuilt from the event log into fresh tables equals the live one (also
from 100,000 events), a damaged one is shown as a diff and switched atomically, and upcasters
run while rebuilding."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from lianfang_registry.domain.department import Department
from lianfang_shared.audit.replay import Rebuild
from lianfang_shared.cli import load_spec
from lianfang_shared.service import Service
from lianfang_shared.settings import PlatformSettings
from tests.audit.doubles import Signal, signal_list, stand_in
from tests.audit.helpers import API, cli, fill, registry_of, settled, tables
from tests.support import System, running

pytestmark = pytest.mark.integration
REPLAY = ["replay", "--service", "registry"]


@pytest.fixture
def store(platform: PlatformSettings) -> Iterator[Service]:
    """The registry's store alone (no HTTP, no broker): its Application and projections."""
    service = Service(load_spec("registry"), platform)
    service._open_store()
    yield service
    service.app.close()
    service.db.close()


async def test_a_projection_rebuilt_from_100000_events_equals_the_live_one(
    store: Service, capsys: pytest.CaptureFixture[str]
) -> None:
    for start in range(0, 100_000, 5_000):
        store.app.save(
            *(Department(f"D{n:06d}", f"第{n}号部门") for n in range(start, start + 5_000))
        )
    assert store.app.recorder.max_notification_id() == 100_000
    live = next(r for r in store.projectors if r.projection.name == "departments")
    while live.step():
        pass
    assert live.position() == 100_000

    code, out = await cli(
        store.platform, [*REPLAY, "--projection", "departments", "--verify"], capsys
    )
    assert code == 0, out
    assert "departments: rebuilt 100,000 events up to position 100,000" in out
    rate = re.search(r"\(([\d,]+) events/s\)", out)
    assert rate is not None and int(rate.group(1).replace(",", "")) > 0
    assert "department_list: live 100000 rows, rebuilt 100000: equal" in out
    assert "position 100,000/100,000 100%" in out  # the progress bar, on stderr


async def test_a_damaged_read_model_shows_a_diff_and_is_switched_atomically(
    registry: System, capsys: pytest.CaptureFixture[str]
) -> None:
    powers = fill(registry)
    await settled(registry)
    with tables(registry) as db:  # the live read model gets damaged
        db.execute("UPDATE power_list SET name = '篡改' WHERE id = %s", (powers[0],))
        db.execute("DELETE FROM power_versions WHERE power_id = %s AND revision = 3", (powers[1],))
    rebuild = [*REPLAY, "--projection", "powers", "--verify"]

    code, out = await cli(registry.platform, rebuild, capsys)
    assert code == 1, out
    assert "power_list: live 6 rows, rebuilt 6: DIFFERS" in out
    assert '"name": {"live": "篡改", "rebuilt": "物资采购审批0（第3版）"}' in out
    assert "power_versions: live 17 rows, rebuilt 18: DIFFERS" in out
    assert "rebuilt_only: {" in out and '"revision": 3' in out
    assert "responsibility_items: live 0 rows, rebuilt 0: equal" in out

    code, out = await cli(registry.platform, [*rebuild, "--switch"], capsys)
    assert code == 0, out
    assert "switched" in out
    r = await registry.http.get(f"{API}/powers", headers=registry.auth("auditor"))
    assert "篡改" not in r.text and r.json()["total"] == 6
    with tables(registry) as db:
        kept = db.execute(
            "SELECT name FROM registry_rebuild_powers.power_list WHERE id = %s", (powers[0],)
        ).fetchone()
    assert kept == ("篡改",)  # the replaced table is kept for inspection

    # The live runner carries on with the switched-in tables.
    registry_of(registry).app.amend_power(powers[0], {"name": "采购审批（第4版）"}, "修订")
    await settled(registry)
    r = await registry.http.get(
        f"{API}/powers", params={"q": "第4版"}, headers=registry.auth("office")
    )
    assert r.json()["total"] == 1
    code, out = await cli(registry.platform, rebuild, capsys)
    assert code == 0 and "DIFFERS" not in out


async def test_upcasters_run_while_rebuilding(
    platform: PlatformSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(platform, ["warning"], specs={"warning": stand_in(1)}) as s:
        service = s.services["warning"]
        app = service.app
        power = uuid.uuid4()
        signal = app.raise_signal(power, "信访举报", uuid.uuid4())
        app.note(signal, "初步核实")
        app.note(signal, "已约谈")
        await asyncio.to_thread(service.settle)

        # Version 2 of Noted carries a priority; old events get "normal" from the upcaster.
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["priority"] = "normal"

        monkeypatch.setattr(Signal.Noted, "class_version", 2, raising=False)
        monkeypatch.setattr(Signal.Noted, "upcast_v1_v2", staticmethod(upcast_v1_v2), raising=False)
        rebuild = Rebuild(signal_list(2), app, platform.database_url, "standin")
        outcome = rebuild.run(verify=True, switch=True)

    assert (outcome.events, outcome.switched, outcome.equal) == (3, True, False)
    assert outcome.diffs[0].sample["changed"][0]["columns"] == {
        "last_priority": {"live": None, "rebuilt": "normal"}
    }
    with psycopg.connect(platform.database_url) as conn:
        row = conn.execute(
            "SELECT power_id, notes, last_note, last_priority FROM standin.signal_list"
        ).fetchone()
    assert row == (power, 2, "已约谈", "normal")
