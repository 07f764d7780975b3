"""``python -m bench``: run every figure and write the report (see docs/benchmarks.md).

Options: ``--quick`` (smaller counts, a minute or two), ``--only key,key`` (http_commands, which
includes the HTTP reads, propagation, relay, replay, asof, drain, alerts), ``--out DIR``
(default bench/results).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import alerts, asof, commands, drain, log, report, services
from bench.lab import Figure, Lab

ALL = ("http_commands", "propagation", "relay", "replay", "asof", "drain", "alerts")


async def run(args: argparse.Namespace, root: Path) -> None:
    """Every selected figure, then the report."""
    quick = args.quick
    only = set(args.only.split(",")) if args.only else set(ALL)
    figures: list[Figure] = []
    memory: dict[str, Any] = {}
    started = time.monotonic()
    lab = Lab(root / "lab").start()
    try:
        if "http_commands" in only:
            found, up = await commands.measure(lab, 600 if quick else 3000)
            figures += found
            memory["all-in-one (lianfang up)"] = up
            print(f"http_commands done after {time.monotonic() - started:.0f} s", flush=True)
        if only & {"relay", "replay"}:
            events = 20_000 if quick else 100_000
            app = await asyncio.to_thread(log.build_log, lab, events)
            try:
                if "relay" in only:
                    figures.append(await log.relay_figure(lab, app, min(events, 20_000)))
                if "replay" in only:
                    figures.append(await asyncio.to_thread(log.replay_figure, lab, app, events))
            finally:
                app.close()
            print(f"relay/replay done after {time.monotonic() - started:.0f} s", flush=True)
        if "asof" in only:
            figures.append(await asyncio.to_thread(asof.asof_figure, lab, 10_000))
            print(f"asof done after {time.monotonic() - started:.0f} s", flush=True)
    finally:
        lab.stop()
    if "propagation" in only:
        seconds = 5 if quick else 15
        figure, per_service = await services.measure(root, 200, seconds, 500 if quick else 2000)
        figures.append(figure)
        for moment, per in per_service.items():
            for name, value in per.items():
                memory.setdefault(f"{name} (serve)", {})[moment] = value
        print(f"propagation done after {time.monotonic() - started:.0f} s", flush=True)
    if "drain" in only:
        figures.append(await drain.measure(root, 5_000 if quick else 20_000))
        print(f"drain done after {time.monotonic() - started:.0f} s", flush=True)
    if "alerts" in only:
        figures.append(await alerts.measure(root, quick))
        print(f"alerts done after {time.monotonic() - started:.0f} s", flush=True)
    meta = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": report.machine(),
        "seconds": time.monotonic() - started,
        "quick": quick,
    }
    report.write(Path(args.out), figures, memory, meta)
    print((Path(args.out) / "report.md").read_text())


def main() -> None:
    """Entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller counts")
    parser.add_argument("--only", default="", help=f"comma-separated subset of {', '.join(ALL)}")
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    work = Path(tempfile.mkdtemp(prefix="lianfang-bench-"))
    try:
        asyncio.run(run(args, work))
    except BaseException:
        print(f"bench failed; logs are kept in {work}", file=sys.stderr)
        raise
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
