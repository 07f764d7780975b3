"""A save in another process wakes this one's relay and projections (LISTEN/NOTIFY), so a
registry replica's commands are published and projected without waiting for a poll; a
replica that does not run a projection reads its own writes without polling for them."""

from __future__ import annotations

import asyncio
import uuid

import psycopg
import pytest

from lianfang_shared import projection_runner
from lianfang_shared.bus import events_topic
from lianfang_shared.embedded import TansuBroker, free_port
from lianfang_shared.envelope import Envelope
from lianfang_shared.persistence import eventsourcing_env
from tests.support import eventually, platform_for, read_topic, running

pytestmark = pytest.mark.integration
NEVER = 3600.0  # a poll interval no test waits for: only a notification can wake the loops


async def test_a_save_by_another_replica_wakes_the_relay_and_the_projections(
    database_url: str, kafka: TansuBroker
) -> None:
    platform = platform_for(
        database_url, kafka.bootstrap, f"t{uuid.uuid4().hex[:8]}", store_poll_interval=NEVER
    )
    async with running(platform, ["registry"]) as s:
        service = s.services["registry"]

        def relay_idle() -> bool:
            return service.relay is not None and service.relay.position is not None

        await eventually(lambda: asyncio.sleep(0, result=relay_idle()))
        await asyncio.sleep(0.3)  # every loop is now in its long wait
        woken = service.listener.received if service.listener else 0

        other = service.spec.application_cls(
            env=eventsourcing_env(database_url, service.db.schema, 2)
        )
        try:
            department = await asyncio.to_thread(other.create_department, "WK", "唤醒部")
        finally:
            other.close()

        records = await read_topic(kafka.bootstrap, events_topic(platform, "registry"), 1)
        assert [Envelope.from_kafka(r.headers, r.value).subject for r in records] == [
            str(department)
        ]

        async def projected() -> bool:
            r = await s.http.get(
                f"/api/v1/registry/departments/{department}", headers=s.auth("admin")
            )
            return r.status_code == 200 and r.json()["name"] == "唤醒部"

        await eventually(projected)
        assert service.listener is not None and service.listener.received > woken


async def test_a_replica_that_does_not_run_the_projection_reads_its_write_at_once(
    database_url: str, kafka: TansuBroker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command served by a replica that does not run its projection asks the runner's
    replica to step (``awaited``), and hears its commit (``projected``). With the runner
    lingering and the other replica never reading the position again, only those two
    announcements can answer the request. The replica's relay, which does not lead, is not
    woken by the saves."""
    monkeypatch.setattr(projection_runner, "LINGER", NEVER)
    monkeypatch.setattr(projection_runner, "LOOK_EVERY", NEVER)
    platform = platform_for(database_url, kafka.bootstrap, f"t{uuid.uuid4().hex[:8]}")
    departments = "/api/v1/registry/departments"
    async with running(platform, ["registry"]) as first:
        runners = first.services["registry"].projectors

        async def leading() -> bool:
            return all(r.leadership.held for r in runners)

        await eventually(leading)
        async with running(platform, ["registry"], port=free_port()) as second:
            assert not any(r.leadership.held for r in second.services["registry"].projectors)
            # The first replica's runner applies this one, then lingers for good.
            r = await first.http.post(
                departments, json={"code": "A1", "name": "甲"}, headers=first.auth("admin")
            )
            assert r.status_code == 201, r.text

            r = await second.http.post(
                departments, json={"code": "B1", "name": "乙"}, headers=second.auth("admin")
            )
            assert r.status_code == 201, r.text
            listed = await second.http.get(departments, headers=second.auth("admin"))
            assert {d["code"] for d in listed.json()["items"]} == {"A1", "B1"}

            # The second replica's relay does not lead: saves do not make it try again (it
            # used to, for every save, on a new connection each time).
            relay = second.services["registry"].relay
            assert relay is not None and not relay.leadership.held
            tries = 0
            acquire = relay.leadership.acquire

            async def counted() -> bool:
                nonlocal tries
                tries += 1
                return await acquire()

            monkeypatch.setattr(relay.leadership, "acquire", counted)
            for i in range(10):
                r = await second.http.post(
                    departments, json={"code": f"C{i}", "name": "丙"}, headers=second.auth("admin")
                )
                assert r.status_code == 201, r.text
            assert tries <= 2


async def test_a_command_is_answered_when_its_read_model_is_late(
    database_url: str, kafka: TansuBroker
) -> None:
    """Nobody runs the departments projection (another holds its lock): the command is saved
    and answered after ``read_your_writes_timeout``, not failed; the read model lacks it."""
    platform = platform_for(
        database_url,
        kafka.bootstrap,
        f"t{uuid.uuid4().hex[:8]}",
        read_your_writes_timeout=0.5,
    )
    with psycopg.connect(database_url, autocommit=True) as holder:
        holder.execute(
            "SELECT pg_advisory_lock(hashtext(%s))", ("registry.projection.departments",)
        )
        async with running(platform, ["registry"]) as s:
            r = await s.http.post(
                "/api/v1/registry/departments",
                json={"code": "L1", "name": "迟"},
                headers=s.auth("admin"),
            )
            assert r.status_code == 201, r.text
            listed = await s.http.get("/api/v1/registry/departments", headers=s.auth("admin"))
            assert listed.json()["total"] == 0
