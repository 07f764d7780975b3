"""The bench's infrastructure and the shared pieces: a private PostgreSQL and broker, fresh
schemas, the registry Application on a schema of its own, figures and their ratios."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from bench.cpu import server_processes
from lianfang_registry.application import Registry
from lianfang_shared.embedded import TansuBroker
from lianfang_shared.persistence import Database, ensure_schema, eventsourcing_env
from lianfang_shared.settings import PlatformSettings
from tests.faults.cluster import PrivatePostgres


@dataclass
class Figure:
    """One measured figure beside its baseline."""

    key: str
    title: str
    value: float
    unit: str
    baseline: str = ""
    baseline_value: float | None = None
    goal: str = ""
    met: bool | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        """value / baseline value."""
        if not self.baseline_value:
            return None
        return self.value / self.baseline_value


class Lab:
    """A private PostgreSQL and Tansu broker for one bench run."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.postgres = PrivatePostgres(root)
        self.broker = TansuBroker(log_file=root / "tansu.log")
        self.database_url = ""

    def start(self) -> Lab:
        """Start PostgreSQL and the broker."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.database_url = self.postgres.start()
        self.broker.start()
        return self

    def stop(self) -> None:
        """Stop both."""
        self.broker.stop()
        self.postgres.stop()

    def server_processes(self) -> dict[str, Callable[[], psutil.Process | None]]:
        """PostgreSQL's and the broker's processes, for ``cpu.CpuMeter``."""
        return server_processes(self)

    def settings(self, prefix: str, **overrides: Any) -> PlatformSettings:
        """Platform settings on this lab, with their own topic prefix."""
        return PlatformSettings(
            environment="test",
            database_url=self.database_url,
            kafka_bootstrap_servers=self.broker.bootstrap,
            topic_prefix=prefix,
            log_json=False,
            **overrides,
        )

    def registry(self, schema: str, pool: int = 10, snapshots: bool = False) -> Registry:
        """The registry's Application class on a fresh schema of its own, without HTTP."""
        ensure_schema(self.database_url, schema)
        env = eventsourcing_env(self.database_url, schema, pool)
        env["POSTGRES_MAX_OVERFLOW"] = "0"
        if snapshots:
            env["IS_SNAPSHOTTING_ENABLED"] = "y"
        return Registry(env=env)

    def database(self, schema: str, pool: int = 5) -> Database:
        """An open connection pool on ``schema`` (created if missing)."""
        ensure_schema(self.database_url, schema)
        db = Database(self.database_url, schema, pool)
        db.open()
        return db


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of ``values`` (nearest rank)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary_ms(seconds: list[float]) -> dict[str, float]:
    """p50, p90, p99 and max of durations, in milliseconds."""
    return {
        "count": len(seconds),
        "p50_ms": round(percentile(seconds, 0.50) * 1000, 2),
        "p90_ms": round(percentile(seconds, 0.90) * 1000, 2),
        "p99_ms": round(percentile(seconds, 0.99) * 1000, 2),
        "max_ms": round(max(seconds) * 1000, 2) if seconds else float("nan"),
        "mean_ms": round(statistics.fmean(seconds) * 1000, 2) if seconds else float("nan"),
    }


class Stopwatch:
    """``with Stopwatch() as w: ...; w.seconds``."""

    def __enter__(self) -> Stopwatch:
        self.started = time.perf_counter()
        self.seconds = 0.0
        return self

    def __exit__(self, *_: object) -> None:
        self.seconds = time.perf_counter() - self.started


def in_threads(worker: Callable[[], None], threads: int) -> float:
    """Run ``worker`` in ``threads`` threads at once; the seconds until all are done."""
    with Stopwatch() as w:
        pool = [threading.Thread(target=worker) for _ in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
    return w.seconds
