"""HTTP command throughput through the gateway, beside the bare save and the disk's limit.

- HTTP: the embedded all-in-one (``lianfang up`` on the lab's PostgreSQL and broker, every
  service in one process behind one port), the driver's command mix from 32 clients.
- Bare save: the same mix of the same aggregates through the same Application class
  (``Registry``), no HTTP, no read-your-writes wait, from as many threads as its pool has.
- Raw commits: single-row ``INSERT`` + ``COMMIT`` with psycopg, as many threads: what the
  disk and PostgreSQL allow for one commit per command.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import psutil
import psycopg

from bench import reads
from bench.cpu import CpuMeter, idle_percent, process_of, this_process
from bench.lab import Figure, Lab, Stopwatch, in_threads, summary_ms
from lianfang_registry.application import Registry
from lianfang_registry.domain.vocab import Rank
from lianfang_shared.auth import mint_token
from lianfang_shared.embedded import free_port
from tests.faults.cluster import Cluster
from tests.faults.driver import Driver

CLIENTS = 32
THREADS = 8


class AllInOne:
    """``lianfang up`` as a subprocess on the lab's PostgreSQL and broker."""

    def __init__(self, lab: Lab, prefix: str, env: dict[str, str] | None = None) -> None:
        self.lab = lab
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.settings = lab.settings(prefix)
        child_env = {k: v for k, v in os.environ.items() if not k.startswith("LIANFANG_")}
        child_env.update(
            {
                "LIANFANG_ENVIRONMENT": "test",
                "LIANFANG_TOPIC_PREFIX": prefix,
                "LIANFANG_LOG_JSON": "false",
                "LIANFANG_LOG_LEVEL": "WARNING",
                **(env or {}),
            }
        )
        log = (lab.root / f"up-{prefix}.log").open("ab")
        self.popen = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "lianfang"),
                "up",
                "--postgres",
                lab.database_url,
                "--kafka",
                lab.broker.bootstrap,
                "--port",
                str(self.port),
                "--data-dir",
                str(lab.root / f"up-{prefix}"),
            ],
            env=child_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.process = psutil.Process(self.popen.pid)

    def token(self) -> str:
        """An admin token."""
        return mint_token(self.settings, "bench", ["admin"], ttl_seconds=4 * 3600)

    async def ready(self, timeout: float = 90) -> None:
        """Until /readyz answers 200."""
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient() as http:
            while True:
                try:
                    if (await http.get(f"{self.base}/readyz")).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or self.popen.poll() is not None:
                    raise RuntimeError("lianfang up did not become ready")
                await asyncio.sleep(0.2)

    def rss(self) -> int:
        """Resident bytes of the process."""
        return int(self.process.memory_info().rss)

    def stop(self) -> None:
        """SIGTERM and wait."""
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(40)
            except subprocess.TimeoutExpired:
                self.popen.kill()


class RssSampler:
    """Samples a process's RSS every half second while running."""

    def __init__(self, rss: Callable[[], int]) -> None:
        self.rss = rss
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            try:
                self.peak = max(self.peak, self.rss())
            except psutil.Error:
                return


def bare_mix(app: Registry, total: int, threads: int, run: str) -> float:
    """The driver's mix through the Application's methods; returns commands per second."""
    counter = iter(range(total))
    lock = threading.Lock()
    targets: list[uuid.UUID] = []
    first = [app.create_department(f"B{run}-seed{i}", "种子部门") for i in range(threads)]
    targets += first

    def command(i: int) -> None:
        slot = i % 20
        if slot < 8:
            dept = app.create_department(f"B{run}{i}", f"部门{i}")
            with lock:
                targets.append(dept)
        elif slot < 14:
            app.rename_department(targets[i % len(targets)], f"部门{i}改")
        elif slot < 17:
            app.create_post(targets[i % len(targets)], f"P{run}{i}", "岗", i % 2 == 0)
        else:
            app.create_person(f"S{run}{i}", f"员工{i}", Rank.staff)

    def worker() -> None:
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            while True:
                try:
                    command(i)
                    break
                except Exception as e:  # a rename racing another one: retry, as HTTP does
                    if type(e).__name__ != "ChangedConcurrently":
                        raise

    return total / in_threads(worker, threads)


def raw_commits(database_url: str, total: int, threads: int) -> float:
    """Single-row INSERT + COMMIT per statement; returns commits per second."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_commits (id bigserial, payload text)")
    per_thread = total // threads

    def worker() -> None:
        with psycopg.connect(database_url, autocommit=True) as conn:
            for i in range(per_thread):
                conn.execute("INSERT INTO bench_commits (payload) VALUES (%s)", (f"row {i}",))

    return per_thread * threads / in_threads(worker, threads)


async def registry_alone(lab: Lab, total: int) -> tuple[dict[str, Any], Figure]:
    """The same load straight at ``lianfang serve registry`` (the production layout: the
    consumers run elsewhere), then at two such processes (replicas: one runs each projection
    and the relay, the clients are split between them by connection), then from one client
    at the replica that runs no projection (its reads of its own writes wait on the other's).
    Between the two, the reads figure against the one process (``bench.reads``)."""
    env = {"LIANFANG_TOPIC_PREFIX": "benchalone", "LIANFANG_REGISTRY_DB_SCHEMA": "alone_registry"}
    cluster = Cluster(lab.root / "alone", ["registry"], env, (lab.database_url, lab.broker))
    cluster.start()
    found: dict[str, Any] = {}
    try:
        await cluster.wait_ready()
        token = cluster.token("admin")

        async def load(bases: list[str], run: str) -> dict[str, Any]:
            await Driver(bases, token, 300, CLIENTS, run_id=f"{run}warm").run()
            driver = Driver(bases, token, total, CLIENTS, run_id=run)
            replicas = [p.pid for p in cluster.processes.values()]
            cpu = CpuMeter(
                **{f"registry {i + 1}": process_of(pid) for i, pid in enumerate(replicas)},
                **lab.server_processes(),
                **{"load driver": this_process},
            )
            with cpu, Stopwatch() as w:
                await driver.run()
            return {
                "commands/s": round(total / w.seconds, 1),
                "latency": summary_ms(driver.latencies),
                **cpu.report(total),
            }

        first = cluster.processes["registry"].base
        found["one process"] = await load([first], "alone")
        read_figure = await reads.measure(
            lab, first, token, env["LIANFANG_REGISTRY_DB_SCHEMA"], total
        )
        second = cluster.add_replica("registry").base
        await cluster.wait_ready()
        found["two replicas"] = await load([first, second], "both")
        for label, base, run in (
            ("runs the projections", first, "1a"),
            ("runs none", second, "1b"),
        ):
            single = Driver(base, token, 200, 1, run_id=run)
            with Stopwatch() as w:
                await single.run()
            found[f"one client, at the replica that {label}"] = {
                "commands/s": round(200 / w.seconds, 1),
                **summary_ms(single.latencies),
            }
    finally:
        cluster.stop()
    return found, read_figure


async def measure(lab: Lab, total: int) -> tuple[list[Figure], dict[str, Any]]:
    """The throughput figure and what the memory figure needs of the all-in-one."""
    up = AllInOne(lab, "benchhttp")
    memory: dict[str, Any] = {}
    try:
        await up.ready()
        await asyncio.sleep(2)
        memory["idle"] = up.rss()
        idle_cpu = await idle_percent(
            **{"lianfang up": lambda: up.process}, **lab.server_processes()
        )
        warm = Driver(up.base, up.token(), 300, CLIENTS, run_id="warm")
        await warm.run()
        driver = Driver(up.base, up.token(), total, CLIENTS, run_id="http")
        http_cpu = CpuMeter(
            **{"lianfang up": lambda: up.process},
            **lab.server_processes(),
            **{"load driver": this_process},
        )
        with RssSampler(up.rss) as sampler, http_cpu, Stopwatch() as w:
            await driver.run()
        http_rate = total / w.seconds
        single = Driver(up.base, up.token(), 200, 1, run_id="single")
        with Stopwatch() as w1:
            await single.run()
        memory["under load (peak)"] = sampler.peak
        await asyncio.sleep(2)
        memory["after load"] = up.rss()
        app = lab.registry("bare_registry", pool=THREADS + 2)
        try:
            bare_mix(app, 300, THREADS, "warm")
            bare_cpu = CpuMeter(
                **{"bench (the save's threads)": this_process}, **lab.server_processes()
            )
            with bare_cpu:
                bare_rate = await asyncio.to_thread(bare_mix, app, total, THREADS, "bare")
        finally:
            app.close()
        raw_rate = await asyncio.to_thread(raw_commits, lab.database_url, total, THREADS)
        second = Driver(up.base, up.token(), total, CLIENTS, run_id="again")
        await second.run()
        await asyncio.sleep(2)
        memory["after a second load"] = up.rss()
    finally:
        up.stop()
    alone, read_figure = await registry_alone(lab, total)
    for figures in alone.values():
        if "latency" in figures:
            figures["ratio to bare save"] = round(figures["commands/s"] / bare_rate, 3)
    latency = summary_ms(driver.latencies)
    http = Figure(
        "http_commands",
        f"HTTP commands through the gateway ({CLIENTS} clients, mixed)",
        round(http_rate, 1),
        "commands/s",
        baseline=f"bare eventsourcing save of the same mix ({THREADS} threads)",
        baseline_value=round(bare_rate, 1),
        goal="≥ 60 % of the bare save rate; p99 < 100 ms",
        details={
            "latency": latency,
            "one client": {
                "commands/s": round(200 / w1.seconds, 1),
                **summary_ms(single.latencies),
            },
            "CPU": http_cpu.report(total),
            "idle CPU, % of one core (5 s before the load)": idle_cpu,
            "bare save's CPU": bare_cpu.report(total),
            "raw psycopg single-row commits/s": round(raw_rate, 1),
            "registry process alone (lianfang serve, no proxy)": alone,
            "bare save / raw commits": round(bare_rate / raw_rate, 3),
            "HTTP / raw commits": round(http_rate / raw_rate, 3),
            "commands": total,
            "retried requests": driver.retries,
        },
    )
    http.met = bool(http.ratio and http.ratio >= 0.6 and latency["p99_ms"] < 100)
    return [http, read_figure], memory
