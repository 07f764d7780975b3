"""CPU time that processes spend during a measurement: what a command costs the machine.

A rate says how fast; the CPU seconds behind it say why, and what it would cost on any
machine: milliseconds of CPU per command, per process (the service, PostgreSQL, the broker,
the load driver), and how many of the machine's cores they kept busy together.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

Source = Callable[[], psutil.Process | None]


def tree_seconds(process: psutil.Process | None, with_children: bool = True) -> float:
    """CPU seconds of ``process`` so far (user + system), with its live descendants and the
    children it has reaped (a PostgreSQL backend that ended counts in the postmaster's)."""
    if process is None:
        return 0.0
    try:
        t = process.cpu_times()
        total = t.user + t.system
        if not with_children:
            return total
        total += t.children_user + t.children_system
        for child in process.children(recursive=True):
            try:
                c = child.cpu_times()
                total += c.user + c.system
            except psutil.NoSuchProcess:
                pass  # ended between listing and reading: its parent's reaped time has it
        return total
    except psutil.NoSuchProcess:
        return 0.0


def postmaster(pgdata: Path) -> psutil.Process | None:
    """The PostgreSQL server's main process, from ``postmaster.pid`` in its data dir."""
    try:
        return psutil.Process(int((pgdata / "postmaster.pid").read_text().split()[0]))
    except (OSError, ValueError, IndexError, psutil.NoSuchProcess):
        return None


def server_processes(run: Any) -> dict[str, Source]:
    """The PostgreSQL and broker processes of a bench lab or a fault-suite cluster (both
    hold a private ``postgres`` and a Tansu ``broker``), for ``CpuMeter``."""
    server = run.postgres.embedded.server
    broker = run.broker.process
    return {
        "PostgreSQL": lambda: postmaster(server.pgdata),
        "broker": lambda: psutil.Process(broker.pid) if broker else None,
    }


def process_of(pid: int) -> Source:
    """A source naming the process ``pid``."""
    process = psutil.Process(pid)
    return lambda: process


async def idle_percent(seconds: float = 5.0, **sources: Source) -> dict[str, float]:
    """Each source's CPU, as a percentage of one core, over ``seconds`` of doing nothing."""
    with CpuMeter(**sources) as meter:
        await asyncio.sleep(seconds)
    return meter.percent()


def this_process() -> psutil.Process:
    """The bench's own process (the load driver, or the bare save's threads)."""
    return psutil.Process(os.getpid())


class CpuMeter:
    """``with CpuMeter(service=..., postgres=...) as cpu: ...``, then ``cpu.report(n)``.

    Each source names a process (read at entry); the bench's own process is counted
    without children (the services it started are counted as sources of their own).
    """

    def __init__(self, **sources: Source) -> None:
        self.sources = sources
        self.seconds: dict[str, float] = {}
        self.wall = 0.0

    def _read(self) -> dict[str, float]:
        found = {}
        for name, source in self.sources.items():
            process = source()
            own = process is not None and process.pid == os.getpid()
            found[name] = tree_seconds(process, with_children=not own)
        return found

    def __enter__(self) -> CpuMeter:
        self._start = self._read()
        self._started = time.perf_counter()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall = time.perf_counter() - self._started
        end = self._read()
        self.seconds = {k: end[k] - self._start[k] for k in end}

    def percent(self) -> dict[str, float]:
        """Each source's CPU as a percentage of one core over the measurement (idle cost)."""
        wall = self.wall or 1.0
        return {k: round(v * 100 / wall, 1) for k, v in self.seconds.items()}

    def report(self, commands: int) -> dict[str, Any]:
        """CPU ms per command by process and in all; cores kept busy in all."""
        total = sum(self.seconds.values())
        return {
            "CPU ms per command": {
                **{k: round(v * 1000 / commands, 3) for k, v in self.seconds.items()},
                "all": round(total * 1000 / commands, 3),
            },
            "cores busy": round(total / self.wall, 2) if self.wall else None,
        }
