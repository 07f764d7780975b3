"""A load driver: a mix of registry commands over HTTP from concurrent clients.

The mix (per 20 commands): 8 department creations, 6 department renames, 3 post creations,
3 person creations; every department event reaches review, warning and notify, every event
reaches the tally. A command that fails for want of a server (5xx, 502 from the gateway,
connection lost) is retried until it succeeds; a creation that answers 409 had been committed
(by an attempt whose answer was lost, or by the store's own retry after a connection cut at
commit). Every acknowledged command is recorded, to be looked for in
the registry's log afterwards.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp

DEPARTMENTS = "/api/v1/registry/departments"
POSTS = "/api/v1/registry/posts"
PERSONS = "/api/v1/registry/persons"


@dataclass(frozen=True)
class Answer:
    """A response, read in full."""

    status: int
    text: str

    def json(self) -> Any:
        return json.loads(self.text)


@dataclass
class Acknowledged:
    """What the registry acknowledged, by kind."""

    departments: dict[str, str | None] = field(default_factory=dict)  # code -> id (None: 409)
    renames: list[tuple[str, str]] = field(default_factory=list)  # (department id, name)
    posts: set[str] = field(default_factory=set)  # codes
    persons: set[str] = field(default_factory=set)  # staff numbers


class Driver:
    """Sends ``total`` commands from ``concurrency`` clients; ``done`` counts acknowledged."""

    def __init__(
        self,
        base_url: str | Sequence[str],
        token: str,
        total: int,
        concurrency: int = 16,
        run_id: str = "",
        retry_for: float = 180.0,
        seed: int = 10,
    ) -> None:
        # Several: replicas, each client on one (as a Kubernetes Service spreads connections).
        self.base_urls = [base_url] if isinstance(base_url, str) else list(base_url)
        self.headers = {"Authorization": f"Bearer {token}"}
        self.total = total
        self.concurrency = concurrency
        self.run_id = run_id or f"{random.randrange(36**4):04x}"
        self.retry_for = retry_for
        self.random = random.Random(seed)
        self.ack = Acknowledged()
        self.done = 0
        self.retries = 0
        self.exists = 0  # creations answered 409: committed by an earlier attempt
        self.latencies: list[float] = []  # seconds, of commands that succeeded first time
        self._next = 0
        self._targets: list[str] = []  # department ids known to exist
        self._tick = asyncio.Event()
        self.finished = False

    async def run(self) -> None:
        """Send every command; return when all were acknowledged."""
        try:
            bases = self.base_urls
            await asyncio.gather(
                *(self._worker(bases[k % len(bases)]) for k in range(self.concurrency))
            )
        finally:
            self.finished = True
            self._tick.set()

    async def reached(self, count: float) -> None:
        """Return once ``count`` commands were acknowledged (or the run ended)."""
        while self.done < count and not self.finished:
            self._tick.clear()
            await self._tick.wait()

    async def _worker(self, base_url: str) -> None:
        # A client and connection of its own, as each user has: clients sharing one pool
        # queued in it for up to 1.5 s at 32 clients (docs/benchmarks.md), and the bench
        # reported the pool's queue as the server's latency. aiohttp, not httpx: the bench
        # runs the driver on the server's cores, and httpx spent ~1.7 ms of CPU per request
        # where aiohttp spends ~0.2 (docs/benchmarks.md).
        async with aiohttp.ClientSession(
            base_url=base_url,
            headers=self.headers,
            timeout=aiohttp.ClientTimeout(total=60),
            connector=aiohttp.TCPConnector(limit=1),
        ) as http:
            while self._next < self.total:
                i = self._next
                self._next += 1
                await self.command(http, i)
                self.done += 1
                self._tick.set()

    async def command(self, http: aiohttp.ClientSession, i: int) -> None:
        """Send command number ``i`` of the mix."""
        slot = i % 20
        if slot < 8 or not self._targets:
            code = f"D{self.run_id}{i}"
            r = await self._send(http, "POST", DEPARTMENTS, {"code": code, "name": f"部门{i}"})
            self.ack.departments[code] = r.json()["id"] if r.status == 201 else None
            if r.status == 201:
                self._targets.append(r.json()["id"])
        elif slot < 14:
            target = self.random.choice(self._targets)
            name = f"部门{i}改"
            await self._send(http, "PATCH", f"{DEPARTMENTS}/{target}", {"name": name})
            self.ack.renames.append((target, name))
        elif slot < 17:
            code = f"P{self.run_id}{i}"
            body = {"department_id": self.random.choice(self._targets), "code": code, "name": "岗"}
            await self._send(http, "POST", POSTS, {**body, "key_post": i % 2 == 0})
            self.ack.posts.add(code)
        else:
            staff_no = f"S{self.run_id}{i}"
            await self._send(http, "POST", PERSONS, {"staff_no": staff_no, "name": f"员工{i}"})
            self.ack.persons.add(staff_no)

    async def _send(
        self, http: aiohttp.ClientSession, method: str, url: str, body: dict[str, Any]
    ) -> Answer:
        """Until acknowledged; a creation answering 409 had been committed before."""
        deadline = time.monotonic() + self.retry_for
        tries = 0
        while True:
            tries += 1
            started = time.perf_counter()
            r: Answer | None
            try:
                async with http.request(method, url, json=body) as response:
                    r = Answer(response.status, await response.text())
            except (aiohttp.ClientError, TimeoutError) as e:
                r = None
                error = repr(e)
            if r is not None and r.status < 300:
                if tries == 1:
                    self.latencies.append(time.perf_counter() - started)
                return r
            if r is not None and r.status == 409 and method == "POST":
                # Created already: by an attempt whose answer was lost, or (first try) by the
                # store's own retry after a connection cut at commit. The checks afterwards
                # find each creation exactly once in the log.
                self.exists += 1
                return r
            retry = r is None or r.status >= 500 or (r.status == 409 and method == "PATCH")
            if not retry:
                assert r is not None
                raise AssertionError(f"{method} {url} {body}: {r.status} {r.text}")
            if r is not None:
                error = f"{r.status} {r.text[:200]}"
            if time.monotonic() > deadline:
                raise AssertionError(f"{method} {url} not acknowledged: {error}")
            self.retries += 1
            await asyncio.sleep(min(0.05 * 2**tries, 1.0))
