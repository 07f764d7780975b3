"""Figures of the services as separate processes (``lianfang serve <name>``, as in
production): event propagation from the registry to the consumers at a fixed rate, and the
resident memory of each process idle, under load and after it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp
import psutil
import psycopg

from bench.cpu import idle_percent, process_of, server_processes
from bench.lab import Figure, summary_ms
from lianfang_shared.contracts.registry import DepartmentCreated
from lianfang_shared.persistence import eventsourcing_env
from tests.faults import verify
from tests.faults.cluster import Cluster
from tests.faults.driver import Driver

SERVICES = ("registry", "review", "warning", "notify")
CONSUMERS = ("review", "warning", "notify")


def rss(cluster: Cluster) -> dict[str, int]:
    """Resident bytes of each service process."""
    out = {}
    for name, p in cluster.processes.items():
        try:
            out[name] = int(psutil.Process(p.pid).memory_info().rss)
        except psutil.Error:
            out[name] = 0
    return out


async def paced(base: str, token: str, rate: float, seconds: float, run: str) -> float:
    """Create departments at ``rate`` per second (open loop) for ``seconds``; the rate
    achieved."""
    headers = {"Authorization": f"Bearer {token}"}
    connector = aiohttp.TCPConnector(limit=64)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(
        base, headers=headers, connector=connector, timeout=timeout
    ) as http:

        async def create(i: int) -> None:
            body = {"code": f"R{run}{i}", "name": f"部门{i}"}
            async with http.post("/api/v1/registry/departments", json=body) as r:
                r.raise_for_status()

        tasks = []
        started = time.monotonic()
        total = int(rate * seconds)
        for i in range(total):
            delay = started + i / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(create(i)))
        await asyncio.gather(*tasks)
        return total / (time.monotonic() - started)


def propagation(
    cluster: Cluster, after: int, consumers: Sequence[str] = CONSUMERS
) -> dict[str, list[float]]:
    """Seconds from each DepartmentCreated's commit (its event time) to the start of the
    consumer's transaction that applied it, per consumer; for log positions after ``after``."""
    log = verify.RegistryLog(cluster.database_url)
    try:
        envelopes = [
            e
            for e in log.read_to()
            if e.sourceposition > after and e.type == DepartmentCreated.event_type
        ]
    finally:
        log.close()
    times = {e.id: e.time for e in envelopes}
    out: dict[str, list[float]] = {}
    with psycopg.connect(cluster.database_url) as conn:
        for name in consumers:
            rows = conn.execute(
                f'SELECT event_id, processed_at FROM "{name}".inbox WHERE event_id = ANY(%s)',
                (list(times),),
            ).fetchall()
            out[name] = [_seconds(at, times[event_id]) for event_id, at in rows]
    return out


def _seconds(later: datetime, earlier: datetime) -> float:
    return (later - earlier).total_seconds()


async def wait_applied(
    cluster: Cluster,
    count: int,
    after: int,
    consumers: Sequence[str] = CONSUMERS,
    timeout: float = 120,
) -> None:
    """Until every consumer applied ``count`` departments created after ``after``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = await asyncio.to_thread(propagation, cluster, after, consumers)
        if all(len(v) >= count for v in got.values()):
            return
        await asyncio.sleep(1)


def committed(cluster: Cluster, rate: float, seconds: float, run: str) -> float:
    """Save departments straight into the registry's store at ``rate`` per second (as another
    replica would); the registry process's relay publishes them. The rate achieved."""
    spec = verify.spec_of("registry")
    app = spec.application_cls(env=eventsourcing_env(cluster.database_url, "registry", 2))
    try:
        started = time.monotonic()
        total = int(rate * seconds)
        for i in range(total):
            delay = started + i / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            app.create_department(f"C{run}{i}", f"部门{i}")
        return total / (time.monotonic() - started)
    finally:
        app.close()


async def measure(
    root: Path, rate: float, seconds: float, load: int
) -> tuple[Figure, dict[str, Any]]:
    """Propagation at ``rate`` events/s and per-process memory (idle, load, after)."""
    cluster = Cluster(root / "services", SERVICES).start()
    memory: dict[str, Any] = {}
    try:
        await cluster.wait_ready()
        registry = cluster.processes["registry"].base
        token = cluster.token("admin")
        await Driver(registry, token, 200, 16, run_id="warm").run()
        await asyncio.sleep(3)
        memory["idle"] = rss(cluster)
        idle_cpu = await idle(cluster)
        peaks = dict(memory["idle"])
        sampling = asyncio.create_task(_sample(cluster, peaks))
        # Lightest first: what a heavier phase leaves behind (catch-up reading its events,
        # autovacuum) would otherwise weigh on the next one.
        light = rate / 10
        head = await asyncio.to_thread(_head, cluster)
        await paced(registry, token, light, seconds * 2, "p")
        await wait_applied(cluster, int(light * seconds * 2), head)
        through_http = await asyncio.to_thread(propagation, cluster, head)
        moderate = rate / 4
        head = await asyncio.to_thread(_head, cluster)
        await asyncio.to_thread(committed, cluster, moderate, seconds, "m")
        await wait_applied(cluster, int(moderate * seconds), head)
        at_moderate = await asyncio.to_thread(propagation, cluster, head)
        head = await asyncio.to_thread(_head, cluster)
        achieved = await asyncio.to_thread(committed, cluster, rate, seconds, "c")
        await wait_applied(cluster, int(rate * seconds), head)
        latencies = await asyncio.to_thread(propagation, cluster, head)
        await Driver(cluster.gateway_url, token, load, 32, run_id="load").run()
        sampling.cancel()
        memory["under load (peak)"] = peaks
        await asyncio.sleep(3)
        memory["after load"] = rss(cluster)
        await Driver(cluster.gateway_url, token, load, 32, run_id="again").run()
        await asyncio.sleep(3)
        memory["after a second load"] = rss(cluster)
        # The same rate with review alone behind the registry (warning and notify stopped, as
        # if on machines of their own): what the path costs when it does not share the cores.
        for name in ("warning", "notify"):
            cluster.processes[name].stop()
        head = await asyncio.to_thread(_head, cluster)
        await asyncio.to_thread(committed, cluster, rate, seconds, "a")
        await wait_applied(cluster, int(rate * seconds), head, ("review",))
        alone = await asyncio.to_thread(propagation, cluster, head, ("review",))
    finally:
        cluster.stop()
    review = summary_ms(latencies["review"])
    figure = Figure(
        "propagation",
        f"Event propagation registry → review's read model at {rate:g} events/s",
        review["p99_ms"],
        "ms (p99)",
        goal="p50 < 20 ms, p99 < 100 ms",
        details={
            "how": "departments saved into the registry's store at the rate (bare saves, as "
            "another replica would); the registry process's relay, Kafka, each consumer process",
            "target rate": rate,
            "achieved rate": round(achieved, 1),
            "idle CPU, % of one core (5 s before the load)": idle_cpu,
            **{f"{name} (ms)": summary_ms(v) for name, v in latencies.items()},
            "review alone behind the registry (warning and notify stopped)": summary_ms(
                alone["review"]
            ),
            f"saved at {moderate:g} events/s": {
                f"{name} (ms)": summary_ms(v) for name, v in at_moderate.items()
            },
            f"through HTTP at {light:g} commands/s (nudged relay)": {
                f"{name} (ms)": summary_ms(v) for name, v in through_http.items()
            },
        },
    )
    figure.met = review["p50_ms"] < 20 and review["p99_ms"] < 100
    return figure, memory


async def idle(cluster: Cluster) -> dict[str, float]:
    """What each process, PostgreSQL and the broker spend doing nothing (% of one core): the
    consumers' fetches and polls, the wake-ups of the relay, projections and audit trail."""
    return await idle_percent(
        **{name: process_of(p.pid) for name, p in cluster.processes.items()},
        **server_processes(cluster),
    )


async def _sample(cluster: Cluster, peaks: dict[str, int]) -> None:
    while True:
        for name, value in rss(cluster).items():
            peaks[name] = max(peaks.get(name, 0), value)
        await asyncio.sleep(0.5)


def _head(cluster: Cluster) -> int:
    with psycopg.connect(cluster.database_url) as conn:
        return verify.head(conn)
