"""Aggregate as-of reconstruction: one department with 10,000 events, read back as it stood
at random versions, with eventsourcing snapshots (one per 100 events) and without."""

from __future__ import annotations

import random
import time

from bench.lab import Figure, Lab, summary_ms
from lianfang_registry.domain.department import Department

SNAPSHOT_EVERY = 100


def asof_figure(lab: Lab, events: int, samples: int = 100) -> Figure:
    """p99 of ``repository.get(id, version=v)`` over random v, with and without snapshots."""
    app = lab.registry("bench_asof", snapshots=True)
    plain = lab.registry("bench_asof")  # same log, no snapshot store
    try:
        department = Department(code="ASOF", name="名称1")
        app.save(department)
        while department.version < events:
            for _ in range(min(SNAPSHOT_EVERY, events - department.version)):
                department.rename(f"名称{department.version + 1}")
            app.save(department)
            app.take_snapshot(department.id, version=department.version)
        versions = random.Random(10).sample(range(1, events + 1), samples)

        def timed(reader: object) -> list[float]:
            out = []
            for v in versions:
                started = time.perf_counter()
                state = reader.repository.get(department.id, version=v)  # type: ignore[attr-defined]
                out.append(time.perf_counter() - started)
                assert state.version == v and state.name == f"名称{v}"
            return out

        with_snapshots = summary_ms(timed(app))
        without = summary_ms(timed(plain))
    finally:
        app.close()
        plain.close()
    figure = Figure(
        "asof",
        f"As-of reconstruction of an aggregate with {events:,} events (snapshot every "
        f"{SNAPSHOT_EVERY})",
        with_snapshots["p99_ms"],
        "ms (p99)",
        baseline="the same reads without snapshots",
        baseline_value=without["p99_ms"],
        goal="< 50 ms",
        details={"with snapshots": with_snapshots, "without snapshots": without},
    )
    figure.met = with_snapshots["p99_ms"] < 50
    return figure
