"""Catch-up from the source: a consumer that Kafka never reached still gets every event."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from lianfang_shared import catchup as catchup_module
from lianfang_shared.embedded import TansuBroker, free_port
from lianfang_shared.intake import Intake
from lianfang_shared.settings import PlatformSettings
from tests.support import System, eventually, running

pytestmark = pytest.mark.integration


async def create_departments(registry: System, departments: list[tuple[str, str]]) -> None:
    """Create departments (code, name) through the registry's API."""
    for code, name in departments:
        r = await registry.http.post(
            "/api/v1/registry/departments",
            json={"code": code, "name": name},
            headers=registry.auth("admin"),
        )
        assert r.status_code == 201, r.text


def on_own_broker(
    platform: PlatformSettings, broker: TansuBroker, **update: Any
) -> PlatformSettings:
    """Settings on another broker than the registry publishes to: Kafka delivers nothing of
    the registry's, as if the broker lost the data or retention passed it by."""
    return platform.model_copy(update={"kafka_bootstrap_servers": broker.bootstrap, **update})


async def test_a_consumer_cut_off_from_kafka_fills_the_gap_from_the_feed(
    platform: PlatformSettings, own_kafka: TansuBroker
) -> None:
    # The registry publishes to the session's broker; review listens on another one, so Kafka
    # delivers nothing to it: as if its broker lost the data or retention passed it by.
    cut_off = on_own_broker(platform, own_kafka, catchup_interval=0.5, catchup_page_size=7)
    async with running(platform, ["registry"]) as registry:
        await create_departments(registry, [(f"C{i:02d}", f"部门{i}") for i in range(25)])
        async with running(cut_off, ["review"], port=free_port()) as review:
            service = review.services["review"]

            def replicated() -> int:
                with service.db.transaction() as conn:
                    return conn.execute("SELECT count(*) AS n FROM departments").fetchone()["n"]

            async def counted() -> bool:  # the count follows each envelope's commit
                return service.catchup.filled >= 25

            await eventually(lambda: asyncio.to_thread(lambda: replicated() == 25))
            await eventually(counted)
            assert service.catchup.filled == 25  # every one came from the feed, in pages of 7
            await create_departments(registry, [("C99", "后来的部门")])
            await eventually(lambda: asyncio.to_thread(lambda: replicated() == 26))

            def checkpoint() -> int:  # saved after the page it ends, so it may lag a moment
                with service.db.transaction() as conn:
                    return int(
                        conn.execute(
                            "SELECT position FROM catchup_position WHERE source = 'registry'"
                        ).fetchone()["position"]
                    )

            head = registry.services["registry"].outbox.head()
            await eventually(lambda: asyncio.to_thread(lambda: checkpoint() == head))


async def test_catch_up_leaves_events_younger_than_the_grace_to_kafka(
    platform: PlatformSettings, own_kafka: TansuBroker
) -> None:
    cut_off = on_own_broker(platform, own_kafka, catchup_interval=3600.0, catchup_grace=3600.0)
    async with running(platform, ["registry"]) as registry:
        await create_departments(registry, [(f"Y{i}", f"年轻部门{i}") for i in range(3)])
        async with running(cut_off, ["review"], port=free_port()) as review:
            catchup = review.services["review"].catchup
            assert catchup is not None
            assert await catchup.catch_up("registry") == 0  # all younger than an hour
            assert await asyncio.to_thread(catchup._load, "review", "registry") == 0
            catchup.grace = 0
            assert await catchup.catch_up("registry") == 3
            assert await catchup.catch_up("registry") == 0  # nothing twice


async def test_a_backlog_the_broker_still_holds_is_left_to_kafka(
    platform: PlatformSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Review's Kafka path is slowed down so that a backlog builds up on the broker, as after
    # downtime. Catch-up would apply it one event per transaction, racing Kafka's runs over
    # the same events; it leaves it to Kafka while the broker holds records not yet fetched.
    slow = platform.model_copy(
        update={"catchup_interval": 3600.0, "catchup_grace": 0.0, "consumer_batch_size": 5}
    )
    async with (
        running(platform, ["registry"]) as registry,
        running(slow, ["review"], port=free_port()) as review,
    ):
        service = review.services["review"]
        catchup, intake = service.catchup, service.intake
        assert catchup is not None and intake is not None
        apply_run = intake.consumer.apply_run

        def slowly(envelopes: Any, enough: Any) -> Any:
            time.sleep(0.3)  # under the run's 0.5 s limit (RUN_SECONDS): whole runs still
            return apply_run(envelopes, enough)

        monkeypatch.setattr(intake.consumer, "apply_run", slowly)
        await create_departments(registry, [(f"K{i:02d}", f"部门{i}") for i in range(60)])
        await eventually(lambda: intake.behind("registry"))
        assert await catchup.catch_up("registry") == 0  # left to Kafka
        assert await asyncio.to_thread(catchup._load, "review", "registry") == 0

        def replicated() -> int:
            with service.db.transaction() as conn:
                return conn.execute("SELECT count(*) AS n FROM departments").fetchone()["n"]

        await eventually(lambda: asyncio.to_thread(lambda: replicated() == 60))
        assert await intake.behind("registry") is False
        assert await catchup.catch_up("registry") == 0  # Kafka applied every one
        head = registry.services["registry"].outbox.head()
        assert await asyncio.to_thread(catchup._load, "review", "registry") == head
        assert catchup.filled == 0


async def test_catch_up_stops_leaving_a_backlog_to_kafka_after_a_while(
    platform: PlatformSettings, own_kafka: TansuBroker, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A broker that keeps reporting records it never delivers must not hold catch-up off:
    # review listens on another broker, which claims a backlog all the time.
    monkeypatch.setattr(catchup_module, "DEFER_AT_MOST", 2.0)

    async def always_behind(self: Intake, upstream: str) -> bool:
        return True

    monkeypatch.setattr(Intake, "behind", always_behind)
    cut_off = on_own_broker(platform, own_kafka, catchup_interval=3600.0, catchup_grace=0.0)
    async with running(platform, ["registry"]) as registry:
        await create_departments(registry, [(f"S{i}", f"部门{i}") for i in range(4)])
        async with running(cut_off, ["review"], port=free_port()) as review:
            catchup = review.services["review"].catchup
            assert catchup is not None
            catchup._deferring.clear()  # whatever the pass at start-up did
            assert await catchup.catch_up("registry") == 0  # left to Kafka, for now
            await asyncio.sleep(2.1)
            assert await catchup.catch_up("registry") == 4  # no longer


async def test_the_feed_is_for_services_only(platform: PlatformSettings) -> None:
    async with running(platform, ["registry"]) as s:
        url = "/api/v1/registry/internal/events"
        assert (await s.http.get(url)).status_code == 401
        assert (await s.http.get(url, headers=s.auth("office"))).status_code == 403
        r = await s.http.get(url, params={"after": 0, "limit": 5}, headers=s.auth("service"))
        assert r.status_code == 200
        assert r.json() == {"events": [], "next_after": 0, "head": 0}
        bad = await s.http.get(url, params={"limit": 5000}, headers=s.auth("service"))
        assert bad.status_code == 422
