"""Tamper evidence: edits, deletions, insertions, reordering and a cut tail in PostgreSQL are
each named by the verifier (endpoint and CLI); an untouched log verifies clean."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lianfang_registry.domain.power import PowerExists
from lianfang_shared.audit.checkpoint import Checkpoint, checkpoints_topic
from lianfang_shared.audit.signing import trusted_keys
from tests.audit.helpers import API, cli, fill, registry_of, seal, tables
from tests.support import System, eventually, read_topic

pytestmark = pytest.mark.integration


async def verify(s: System, kafka: bool = False) -> dict[str, Any]:
    r = await s.http.get(
        f"{API}/audit/verify", params={"kafka": str(kafka).lower()}, headers=s.auth("auditor")
    )
    assert r.status_code == 200, r.text
    return dict(r.json())


def found(report: dict[str, Any]) -> list[tuple[str, int]]:
    return [(f["kind"], f["position"]) for f in report["findings"]]


async def test_an_untouched_log_verifies_clean(
    registry: System, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(registry)
    seal(registry)
    report = await verify(registry)
    assert report["ok"], report
    assert (report["events"], report["chained"], report["checkpoints"]) == (19, 19, 1)
    code, out = await cli(registry.platform, ["audit", "verify", "--service", "registry"], capsys)
    assert code == 0, out
    assert "registry: 19 events, 19 chained, 0 not yet chained, 1 checkpoints: OK" in out


async def test_the_verifier_names_each_tampering(
    registry: System, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(registry)  # 19 events: positions 1 to 19
    seal(registry)
    with tables(registry) as db:
        db.execute(  # one byte of one stored event
            "UPDATE registry_events SET state = set_byte(state, 40, get_byte(state, 40) # 1) "
            "WHERE notification_id = 4"
        )
        db.execute("DELETE FROM registry_events WHERE notification_id = 8")  # another, deleted
        for old, new in ((12, -12), (13, 12), (-12, 13)):  # two swapped
            db.execute(
                "UPDATE registry_events SET notification_id = %s WHERE notification_id = %s",
                (new, old),
            )
        db.execute("DELETE FROM registry_events WHERE notification_id > 16")  # the tail cut

    report = await verify(registry)
    assert not report["ok"]
    expected = [("modified", 4), ("deleted", 8), ("reordered", 12), ("reordered", 13)]
    assert found(report) == [*expected, ("truncated", 17)]
    assert report["first"]["kind"] == "modified"
    assert "3 events up to 19 are missing" in report["findings"][-1]["detail"]

    code, out = await cli(registry.platform, ["audit", "verify", "--service", "registry"], capsys)
    assert code == 1
    assert "NOT OK, first difference at position 4" in out
    for kind, position in [*expected, ("truncated", 17)]:
        assert f"{kind:<20} position {position}:" in out


async def test_a_rewritten_chain_is_caught_by_the_signed_checkpoint(registry: System) -> None:
    powers = fill(registry)
    seal(registry)  # checkpoint at 19
    for n, power in enumerate(powers):
        registry_of(registry).app.amend_power(power, {"content": f"第{n}次补充"}, "补充")
    seal(registry)  # checkpoint at 25
    audit = registry_of(registry).audit
    assert audit is not None
    with tables(registry) as db:  # edit an event, then recompute the chain over the edit
        db.execute(
            "UPDATE registry_events SET state = set_byte(state, 50, get_byte(state, 50) # 2) "
            "WHERE notification_id = 22"
        )
        db.execute("DELETE FROM audit_chain WHERE position >= 22")
    audit.catch_up()

    report = await verify(registry)
    assert found(report) == [("checkpoint_mismatch", 25)]
    detail = report["findings"][0]["detail"]
    assert "the difference lies after position 19" in detail
    assert "the chain table was rewritten too" in detail


async def test_a_row_slipped_into_a_gap_is_an_insertion(registry: System) -> None:
    powers = fill(registry)
    app = registry_of(registry).app
    department = app.get_power(powers[0]).department_id
    with pytest.raises(PowerExists):  # a failed write leaves a gap in the positions: 20
        app.register_power(department, "WZ-000", {"name": "重复"})
    app.amend_power(powers[0], {"content": "又一版"}, "修订")  # position 21
    seal(registry)
    with tables(registry) as db:
        db.execute(
            "INSERT INTO registry_events (originator_id, originator_version, topic, state, "
            "notification_id) SELECT originator_id, 99, topic, state, 20 FROM registry_events "
            "WHERE notification_id = 21"
        )
    report = await verify(registry)
    assert found(report) == [("inserted", 20)]


async def test_a_tail_cut_everywhere_in_the_database_is_caught_on_kafka(
    registry: System, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(registry)
    seal(registry)
    topic = checkpoints_topic(registry.platform)
    records = await read_topic(registry.platform.kafka_bootstrap_servers, topic, 1)
    published = [Checkpoint.from_json(json.loads(r.value)) for r in records]
    assert [(c.service, c.position, c.count) for c in published] == [("registry", 19, 19)]
    assert published[0].valid(trusted_keys(registry.platform))

    async def marked() -> bool:
        with tables(registry) as db:
            row = db.execute("SELECT bool_and(published) FROM audit_checkpoints").fetchone()
        return bool(row and row[0])

    await eventually(marked)
    with tables(registry) as db:  # someone covers their tracks in every table
        db.execute("DELETE FROM registry_events WHERE notification_id > 16")
        db.execute("DELETE FROM audit_chain WHERE position > 16")
        db.execute("DELETE FROM audit_checkpoints")

    assert (await verify(registry))["ok"]  # the database alone agrees with itself
    report = await verify(registry, kafka=True)
    assert found(report) == [("truncated", 17), ("checkpoint_removed", 19)]
    code, out = await cli(registry.platform, ["audit", "verify", "--kafka"], capsys)
    assert code == 1
    assert "truncated            position 17" in out
