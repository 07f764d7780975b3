"""Processes, not coroutines: replicas share one database; SIGTERM and kill -9 lose nothing."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from lianfang_shared.auth import mint_token
from lianfang_shared.bus import ensure_topics, events_topic
from lianfang_shared.embedded import free_port
from lianfang_shared.envelope import Envelope
from lianfang_shared.settings import PlatformSettings
from tests.integration.test_consumer import envelope, produce
from tests.support import eventually, read_topic

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


class Process:
    """One service process started like production does (``lianfang serve``)."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path, port: int) -> None:
        self.log = log
        self.base = f"http://127.0.0.1:{port}"
        with log.open("ab") as out:
            self.popen = subprocess.Popen(
                args,
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def ready(self) -> bool:
        try:
            return httpx.get(f"{self.base}/readyz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def signal(self, sig: int) -> None:
        os.kill(self.popen.pid, sig)

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.kill()
        self.popen.wait(10)


def environment(platform: PlatformSettings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIANFANG_")}
    env.update(
        {
            "LIANFANG_ENVIRONMENT": "test",
            "LIANFANG_DATABASE_URL": platform.database_url,
            "LIANFANG_KAFKA_BOOTSTRAP_SERVERS": platform.kafka_bootstrap_servers,
            "LIANFANG_TOPIC_PREFIX": platform.topic_prefix,
            "LIANFANG_FEED_BASE_URL": platform.feed_base_url,
            "LIANFANG_LOG_JSON": "false",
            "LIANFANG_CATCHUP_INTERVAL": "3600",
        }
    )
    return env


def stopped_cleanly(p: Process) -> None:
    """Exited on SIGTERM after a complete shutdown (uvicorn re-raises the signal at the end)."""
    code = p.popen.wait(30)
    assert code in (0, -signal.SIGTERM), p.text()[-3000:]
    assert "Application shutdown complete" in p.text()


@pytest.fixture
def processes() -> Iterator[list[Process]]:
    started: list[Process] = []
    yield started
    for p in started:
        p.stop()


def serve(processes: list[Process], platform: PlatformSettings, tmp: Path, *args: str) -> Process:
    port = free_port()
    cmd = (
        [sys.executable, "-m", *args]
        if args[0].startswith("tests.")
        else [str(Path(sys.executable).parent / "lianfang"), "serve", *args, "--port", str(port)]
    )
    if args[0].startswith("tests."):
        cmd.append(str(port))
    p = Process(cmd, environment(platform), tmp / f"{args[0]}-{len(processes)}.log", port)
    processes.append(p)
    return p


async def test_one_relay_among_replicas_and_a_killed_leader_is_replaced(
    platform: PlatformSettings, processes: list[Process], tmp_path: Path
) -> None:
    a = serve(processes, platform, tmp_path, "registry")
    b = serve(processes, platform, tmp_path, "registry")
    await eventually(lambda: asyncio.to_thread(lambda: a.ready() and b.ready()), timeout=60)
    headers = {"Authorization": "Bearer " + mint_token(platform, "admin", ["admin"])}

    async def create(p: Process, start: int, n: int) -> None:
        async with httpx.AsyncClient(base_url=p.base, headers=headers) as http:
            for i in range(start, start + n):
                r = await http.post(
                    "/api/v1/registry/departments", json={"code": f"S{i:03d}", "name": f"部门{i}"}
                )
                assert r.status_code == 201, r.text

    await create(a, 0, 10)
    await create(b, 10, 10)  # HTTP requests anywhere
    leaders = [p for p in (a, b) if "leader for registry.relay" in p.text()]
    assert len(leaders) == 1, [p.text()[-2000:] for p in (a, b)]
    leader = leaders[0]
    other = b if leader is a else a
    leader.signal(signal.SIGKILL)
    leader.popen.wait(10)
    await create(other, 20, 10)
    await eventually(
        lambda: asyncio.sleep(0, result="leader for registry.relay" in other.text()), timeout=30
    )
    records = await read_topic(
        platform.kafka_bootstrap_servers, events_topic(platform, "registry"), 30, timeout=60
    )
    positions = {Envelope.from_kafka(r.headers, r.value).sourceposition for r in records}
    assert positions == set(range(1, 31))  # nothing skipped across the takeover


async def test_sigterm_mid_batch_never_half_applies(
    platform: PlatformSettings, processes: list[Process], tmp_path: Path, database_url: str
) -> None:
    await ensure_topics(platform, [events_topic(platform, "registry")])
    probe = serve(processes, platform, tmp_path, "tests.integration.slow_probe")
    await eventually(lambda: asyncio.to_thread(probe.ready), timeout=60)
    await produce(platform, [(envelope(p), None) for p in range(1, 41)])

    def rows() -> list[tuple[uuid.UUID, int]]:
        with psycopg.connect(database_url) as conn:
            return conn.execute(
                "SELECT department_id, count(*) FROM probe.effect_rows GROUP BY department_id"
            ).fetchall()

    await eventually(lambda: asyncio.to_thread(lambda: len(rows()) >= 5), timeout=60)
    probe.signal(signal.SIGTERM)  # in the middle of the stream, mid-handler most likely
    stopped_cleanly(probe)
    first = rows()
    assert first and all(n == 2 for _, n in first)  # whole effects only
    assert len(first) < 40  # it really stopped mid-stream

    again = serve(processes, platform, tmp_path, "tests.integration.slow_probe")
    await eventually(lambda: asyncio.to_thread(lambda: len(rows()) == 40), timeout=90)
    assert all(n == 2 for _, n in rows())
    with psycopg.connect(database_url) as conn:
        (inbox,) = conn.execute("SELECT count(*) FROM probe.inbox").fetchone()
    assert inbox == 40
    again.signal(signal.SIGTERM)
    stopped_cleanly(again)
