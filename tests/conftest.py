"""Fixtures: a real PostgreSQL (the local server, else an embedded one) and a Tansu broker."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from lianfang_shared.embedded import EmbeddedPostgres, TansuBroker, postgres_reachable
from lianfang_shared.read_your_writes import forget_saved
from lianfang_shared.settings import PlatformSettings
from lianfang_shared.telemetry import setup_tracing
from tests.support import fresh_database, platform_for

LOCAL_POSTGRES = os.environ.get(
    "LIANFANG_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)
SPANS = InMemorySpanExporter()


def pytest_configure(config: pytest.Config) -> None:
    setup_tracing(
        PlatformSettings(otel_exporter="none"), "lianfang-tests", SimpleSpanProcessor(SPANS)
    )


@pytest.fixture(autouse=True)
def nothing_saved_yet() -> None:
    """Each test starts with no saves of its own to read back: a save made outside a request
    (a test calling an Application directly) notes its position in the test thread's context,
    and a later test's ``settle()`` would wait for that position in its own, newer store."""
    forget_saved()


@pytest.fixture(scope="session")
def postgres_admin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a PostgreSQL server's admin database: the local one, else an embedded one."""
    if postgres_reachable(LOCAL_POSTGRES):
        yield LOCAL_POSTGRES
        return
    server = EmbeddedPostgres(Path(tmp_path_factory.mktemp("pg")) / "pgdata")
    server.start("lianfang")
    assert server.server is not None
    yield str(server.server.get_uri(database="postgres"))  # type: ignore[attr-defined]
    server.stop()


@pytest.fixture
def database_url(postgres_admin: str) -> Iterator[str]:
    """A fresh database for one test, dropped afterwards."""
    with fresh_database(postgres_admin) as url:
        yield url


@pytest.fixture(scope="session")
def kafka(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TansuBroker]:
    """A Tansu broker shared by the session (tests use their own topic prefixes)."""
    broker = TansuBroker(log_file=tmp_path_factory.mktemp("tansu") / "tansu.log").start()
    yield broker
    broker.stop()


@pytest.fixture
def own_kafka(tmp_path: Path) -> Iterator[TansuBroker]:
    """A broker for one test, which it may stop, wipe and restart."""
    broker = TansuBroker(log_file=tmp_path / "tansu.log").start()
    yield broker
    broker.stop()


@pytest.fixture
def platform(database_url: str, kafka: TansuBroker) -> PlatformSettings:
    """Settings for one test's system."""
    return platform_for(database_url, kafka.bootstrap, f"t{uuid.uuid4().hex[:8]}")


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    """Spans finished during the test."""
    SPANS.clear()
    yield SPANS


@pytest.fixture
async def registry_review_notify(platform: PlatformSettings) -> AsyncIterator[object]:
    """Registry, review and notify running on real HTTP, PostgreSQL and Kafka."""
    from tests.support import running

    async with running(platform, ["registry", "review", "notify"]) as system:
        yield system
