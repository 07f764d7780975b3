"""The registry's integration events reach Kafka as CloudEvents with the documented contracts."""

from __future__ import annotations

import time

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from lianfang_shared.bus import events_topic
from lianfang_shared.contracts import registry as c
from lianfang_shared.envelope import Envelope
from lianfang_shared.settings import PlatformSettings
from tests.registry.factory import bearer, call, register_organisation
from tests.support import System

pytestmark = pytest.mark.integration


async def read_envelopes(
    platform: PlatformSettings, wanted: int, timeout: float = 30
) -> list[tuple[bytes, Envelope]]:
    """Every record of the registry's topic from the start, decoded, until ``wanted`` arrived."""
    topic = events_topic(platform, "registry")
    consumer = AIOKafkaConsumer(
        bootstrap_servers=platform.kafka_bootstrap_servers, enable_auto_commit=False
    )
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in range(platform.kafka_partitions)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        records, deadline = [], time.monotonic() + timeout
        while len(records) < wanted and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            records += [r for rs in batch.values() for r in rs]
    finally:
        await consumer.stop()
    return [(r.key, Envelope.from_kafka(r.headers, r.value)) for r in records]


async def test_registry_changes_arrive_as_contracts(registry: System) -> None:
    s = registry
    f = await register_organisation(s)  # 4 departments, 7 posts, 7 people, 6 appointments, 分管
    admin, office = bearer(s, "admin", user="admin-1"), bearer(s, "office", user="office-1")
    wz, buyer = f.departments["WZ"], f.posts["WZ.CGY"]
    body = {
        "department_id": wz,
        "code": "WZ-001",
        "name": "物资采购计划审批",
        "category": "approval",
        "content": "审核采购计划",
    }
    power = (await call(s, "POST", "/powers", office, 201, json=body)).json()["id"]
    await call(s, "POST", f"/powers/{power}/activation", office, 204)
    await call(
        s,
        "PATCH",
        f"/powers/{power}",
        office,
        200,
        json={"reason": "制度修订", "time_limit": "3个工作日"},
    )
    item = {"description": "对采购需求负责", "post_id": buyer}
    await call(s, "POST", f"/powers/{power}/responsibilities", office, 201, json=item)
    step = (
        await call(
            s,
            "POST",
            f"/powers/{power}/steps",
            office,
            201,
            json={"name": "提出需求", "post_id": buyer},
        )
    ).json()["id"]
    await call(
        s, "PATCH", f"/powers/{power}/steps/{step}", office, 204, json={"post_id": f.posts["WZ.ZR"]}
    )
    zhang = f.persons["1002"]
    await call(
        s,
        "POST",
        f"/persons/{zhang}/transfers",
        admin,
        204,
        json={"from_post_id": buyer, "to_post_id": f.posts["WZ.BGY"], "effective_on": "2025-07-01"},
    )
    await call(
        s,
        "POST",
        f"/persons/{f.persons['2002']}/leaving",
        admin,
        204,
        json={"effective_on": "2026-01-31", "reason": "退休"},
    )
    await call(s, "POST", f"/powers/{power}/retirement", office, 204, json={"reason": "职能调整"})

    received = await read_envelopes(s.platform, wanted=4 + 7 + 7 + 6 + 1 + 9)
    by_type: dict[type, list] = {}
    for key, env in received:
        assert key == env.subject.encode()
        assert env.source == "/lianfang/registry" and env.specversion == "1.0"
        by_type.setdefault(type(env.contract()), []).append(env)

    expected = {
        c.DepartmentCreated: 4,
        c.PostCreated: 7,
        c.PersonCreated: 7,
        c.PersonAppointed: 6,
        c.LeaderInChargeSet: 1,
        c.PowerRegistered: 1,
        c.PowerActivated: 1,
        c.PowerAmended: 1,
        c.ResponsibilityItemAdded: 1,
        c.ProcessStepAdded: 1,
        c.ProcessStepChanged: 1,
        c.PersonTransferred: 1,
        c.PersonLeft: 1,
        c.PowerRetired: 1,
    }
    assert {t: len(v) for t, v in by_type.items()} == expected

    registered = by_type[c.PowerRegistered][0]
    assert registered.type == "lianfang.registry.power.registered"
    assert registered.subject == power and registered.actor == "office-1"
    assert registered.data["details"]["category"] == "approval"
    assert registered.data["status"] == "draft"
    amended = by_type[c.PowerAmended][0].contract()
    assert (amended.revision, amended.changed, amended.reason) == (2, ["time_limit"], "制度修订")
    assert amended.details.time_limit == "3个工作日"
    moved = by_type[c.PersonTransferred][0]
    assert moved.actor == "admin-1"
    assert moved.data == {
        "person_id": zhang,
        "from_post_id": buyer,
        "to_post_id": f.posts["WZ.BGY"],
        "to_department_id": wz,
        "effective_on": "2025-07-01",
    }
    changed = by_type[c.ProcessStepChanged][0].contract()
    assert (str(changed.step_id), str(changed.post_id)) == (step, f.posts["WZ.ZR"])
    charge = by_type[c.LeaderInChargeSet][0].contract()
    assert sorted(map(str, charge.department_ids)) == sorted([wz, f.departments["CW"]])
