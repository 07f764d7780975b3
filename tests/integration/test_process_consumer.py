"""A consumer whose effect is new events of its own: saved with the inbox record, once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate, event
from fastapi import APIRouter

from lianfang_shared.application import ServiceApplication
from lianfang_shared.bus import ensure_topics, events_topic
from lianfang_shared.consumer import Consumer
from lianfang_shared.contracts.registry import DepartmentCreated
from lianfang_shared.envelope import Envelope
from lianfang_shared.persistence import event_metadata
from lianfang_shared.service import ServiceSpec
from lianfang_shared.settings import PlatformSettings, ServiceSettings
from tests.integration.test_consumer import envelope, produce
from tests.support import System, eventually, running

pytestmark = pytest.mark.integration


class Dossier(Aggregate):
    """One per department, opened when the department appears."""

    @staticmethod
    def create_id(department_id: UUID) -> UUID:
        return department_id

    @event("Opened")
    def __init__(self, department_id: UUID, name: str) -> None:
        self.name = name


class Dossiers(ServiceApplication):
    name = "dossiers"


class DossierSettings(ServiceSettings):
    name: str = "dossiers"


def when_department_created_open_dossier(e: DepartmentCreated, env: Envelope) -> list[Any]:
    return [Dossier(department_id=e.department_id, name=e.name)]


def register(consumer: Consumer) -> None:
    consumer.processes(DepartmentCreated)(when_department_created_open_dossier)


SPEC = ServiceSpec(
    name="dossiers",
    settings_cls=DossierSettings,
    router=APIRouter(),
    application_cls=Dossiers,
    upstreams=("registry",),
    handlers=register,
)


@pytest.fixture
async def dossiers(platform: PlatformSettings) -> AsyncIterator[System]:
    platform = platform.model_copy(update={"catchup_interval": 3600.0})
    await ensure_topics(platform, [events_topic(platform, "registry")])
    async with running(platform, ["dossiers"], {"dossiers": SPEC}) as system:
        yield system


async def test_reaction_events_are_saved_once_with_their_tracking_record(dossiers: System) -> None:
    app = dossiers.services["dossiers"].app
    items = [(envelope(p), None) for p in range(1, 11)]
    await produce(dossiers.platform, items + items)  # every message twice
    consumer = dossiers.services["dossiers"].consumer
    await eventually(lambda: asyncio.sleep(0, result=consumer.applied + consumer.duplicates == 20))
    assert consumer.applied == 10
    assert app.recorder.max_notification_id() == 10  # one Opened event per department
    opened = app.repository.get(UUID(items[0][0].subject))
    assert opened.name == "部门1" and opened.version == 1
    # The reaction's events carry the actor of the consumer (no HTTP user: "system").
    stored = app.recorder.select_notifications(start=1, limit=1)[0]
    assert event_metadata(app.mapper.to_domain_event(stored))["actor"] == "system"


async def test_the_inbox_record_and_the_events_commit_together(dossiers: System) -> None:
    from lianfang_shared.persistence import AlreadyProcessed, InboxEntry

    app = dossiers.services["dossiers"].app
    e = envelope(42)
    entry = InboxEntry("dossiers", e.id, "registry", 42)
    dept = UUID(e.subject)
    app.save(Dossier(department_id=dept, name="一"), inbox=entry)
    with pytest.raises(AlreadyProcessed):  # same message again: nothing is written
        app.save(Dossier(department_id=UUID(int=dept.int + 1), name="二"), inbox=entry)
    assert app.recorder.max_notification_id() == 1


async def test_consumers_fetch_with_the_configured_wait(platform: PlatformSettings) -> None:
    # Apache Kafka in production is given 500 ms (deploy/k8s, docker-compose.yml).
    platform = platform.model_copy(
        update={"catchup_interval": 3600.0, "kafka_fetch_max_wait_ms": 40}
    )
    await ensure_topics(platform, [events_topic(platform, "registry")])
    async with running(platform, ["dossiers"], {"dossiers": SPEC}) as system:
        service = system.services["dossiers"]
        await eventually(lambda: asyncio.sleep(0, result=service.consuming))
        assert service.intake is not None
        kafka_consumer = service.intake.subscriber.consumer  # FastStream's aiokafka consumer
        assert kafka_consumer._fetch_max_wait_ms == 40  # what aiokafka puts in every fetch
