"""Helpers for tests: a running system on real HTTP, polling, tokens."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import psycopg
import uvicorn

from lianfang_shared.app import create_app
from lianfang_shared.auth import mint_token
from lianfang_shared.embedded import free_port
from lianfang_shared.service import Service
from lianfang_shared.settings import PlatformSettings

T = TypeVar("T")


async def eventually(
    check: Callable[[], Awaitable[T]], timeout: float = 30.0, interval: float = 0.1
) -> T:
    """Poll ``check`` until it returns a truthy value (returned) or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = await check()
            if last:
                return last
        except AssertionError as e:
            last = e
        await asyncio.sleep(interval)
    raise AssertionError(f"not reached within {timeout}s; last: {last!r}")


@dataclass
class System:
    """Services served over real HTTP on a loopback port."""

    platform: PlatformSettings
    services: dict[str, Service]
    base_url: str
    http: httpx.AsyncClient
    app: Any = None  # the ASGI app, for calls in-process where the socket is not under test

    def token(self, *roles: str, user: str = "u-test", **claims: Any) -> str:
        return mint_token(self.platform, user, list(roles), **claims)

    def auth(self, *roles: str, user: str = "u-test") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(*roles, user=user)}"}


@asynccontextmanager
async def running(
    platform: PlatformSettings,
    names: Sequence[str],
    specs: dict[str, Any] | None = None,
    port: int | None = None,
) -> AsyncIterator[System]:
    """Start ``names`` in this event loop behind uvicorn (on the feed base URL's port unless
    ``port`` is given); stop them on exit."""
    from lianfang_shared.cli import KEEP_ALIVE_SECONDS, load_spec

    port = port or int(platform.feed_base_url.rsplit(":", 1)[1])
    services = [Service((specs or {}).get(n) or load_spec(n), platform) for n in names]
    app = create_app(platform, services)
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            log_config=None,
            lifespan="on",
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
        )
    )
    task = asyncio.create_task(server.serve())
    await eventually(lambda: asyncio.sleep(0, result=server.started), timeout=30)
    base = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        try:
            yield System(platform, {s.name: s for s in services}, base, http, app)
        finally:
            server.should_exit = True
            await task


@contextmanager
def fresh_database(postgres_admin: str) -> Iterator[str]:
    """A new, empty database on the server of ``postgres_admin`` (its URL), dropped after."""
    name = f"lianfang_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    info = psycopg.conninfo.conninfo_to_dict(postgres_admin)
    info["dbname"] = name
    try:
        yield psycopg.conninfo.make_conninfo(**info)
    finally:
        with psycopg.connect(postgres_admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def platform_for(database_url: str, kafka: str, prefix: str, **overrides: Any) -> PlatformSettings:
    """Settings of one test's system: its own database, topic prefix and HTTP port."""
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "kafka_bootstrap_servers": kafka,
        "topic_prefix": prefix,
        "feed_base_url": f"http://127.0.0.1:{free_port()}",
        "catchup_interval": 1.0,
        "log_json": False,
        **overrides,
    }
    return PlatformSettings(**values)


async def read_topic(bootstrap: str, topic: str, count: int, timeout: float = 30.0) -> list[Any]:
    """Read a topic from the beginning (no consumer group): at least ``count`` records, then
    whatever else arrives until it is quiet for a second."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    records: list[Any] = []
    try:

        async def partitions() -> set[int] | None:
            # Fresh metadata each time: the topic may be created after this client started.
            cluster = await consumer._client.fetch_all_metadata()
            return cluster.partitions_for_topic(topic)

        found = await eventually(partitions, timeout)
        tps = [TopicPartition(topic, p) for p in sorted(found)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=1000 if len(records) >= count else 200)
            for recs in batch.values():
                records.extend(recs)
            if not batch and len(records) >= count:
                break
    finally:
        await consumer.stop()
    return records
