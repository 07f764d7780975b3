"""HTTP reads beside the same reads without HTTP (the portal reads far more than it writes).

- HTTP: 32 clients (a client and connection each) at ``lianfang serve registry`` after the
  command load: half ``GET /departments/{id}`` (one department rebuilt from its events, as
  every read of one thing is), half a page of 50 from ``GET /departments`` (the read model).
- Baseline: the same calls in the bench's process, without HTTP: ``Registry.get_department``
  and ``departments.list_departments``, from 8 threads.
"""

from __future__ import annotations

import asyncio
import random
import threading
from typing import Any
from uuid import UUID

import aiohttp

from bench.lab import Figure, Lab, Stopwatch, in_threads, summary_ms
from lianfang_registry.projections import departments

CLIENTS = 32
THREADS = 8
PAGE = 50
Read = tuple[str, Any]  # ("one", department id) or ("page", offset)


def plan(ids: list[UUID], total: int, seed: int = 7) -> list[Read]:
    """``total`` reads, alternately one department and one page at a random offset."""
    rnd = random.Random(seed)
    last = max(1, len(ids) - PAGE)
    return [
        ("one", rnd.choice(ids)) if i % 2 == 0 else ("page", rnd.randrange(last))
        for i in range(total)
    ]


async def over_http(base: str, token: str, reads: list[Read]) -> tuple[float, list[float]]:
    """Reads per second through HTTP, and each read's latency."""
    pending = iter(reads)
    latencies: list[float] = []
    headers = {"Authorization": f"Bearer {token}"}

    async def client() -> None:  # a client and connection each (aiohttp: see the driver)
        connector = aiohttp.TCPConnector(limit=1)
        async with aiohttp.ClientSession(base, headers=headers, connector=connector) as http:
            for kind, arg in pending:
                with Stopwatch() as w:
                    if kind == "one":
                        url, params = f"/api/v1/registry/departments/{arg}", None
                    else:
                        url, params = "/api/v1/registry/departments", {"limit": PAGE, "offset": arg}
                    async with http.get(url, params=params) as r:
                        r.raise_for_status()
                        await r.read()
                latencies.append(w.seconds)

    with Stopwatch() as total:
        await asyncio.gather(*(client() for _ in range(CLIENTS)))
    return len(reads) / total.seconds, latencies


def in_process(lab: Lab, schema: str, reads: list[Read]) -> float:
    """Reads per second through the same functions, without HTTP."""
    registry = lab.registry(schema, pool=THREADS + 2)
    db = lab.database(schema, pool=THREADS + 2)
    pending = iter(reads)
    lock = threading.Lock()

    def worker() -> None:
        while True:
            with lock:
                read = next(pending, None)
            if read is None:
                return
            kind, arg = read
            if kind == "one":
                registry.get_department(arg)
            else:
                departments.list_departments(db, PAGE, arg)

    try:
        return len(reads) / in_threads(worker, THREADS)
    finally:
        registry.close()
        db.close()


async def measure(lab: Lab, base: str, token: str, schema: str, total: int) -> Figure:
    """The reads figure against the registry at ``base`` on ``schema``."""
    db = lab.database(schema, pool=2)
    try:
        with db.transaction() as conn:
            ids = [r["id"] for r in conn.execute("SELECT id FROM department_list").fetchall()]
    finally:
        db.close()
    reads = plan(ids, total)
    await over_http(base, token, reads[: total // 10])  # warm-up
    http_rate, latencies = await over_http(base, token, reads)
    direct_rate = await asyncio.to_thread(in_process, lab, schema, reads)
    return Figure(
        "http_reads",
        f"HTTP reads at the registry ({CLIENTS} clients: one department, a page of {PAGE})",
        round(http_rate, 1),
        "reads/s",
        baseline=f"the same reads in process, without HTTP ({THREADS} threads)",
        baseline_value=round(direct_rate, 1),
        goal="report",
        details={"latency": summary_ms(latencies), "reads": total, "departments": len(ids)},
    )
