"""The bench report: Markdown and JSON, and PNG charts (matplotlib, headless)."""

from __future__ import annotations

import json
import platform
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.lab import Figure

MIB = 1024 * 1024


def write(out: Path, figures: list[Figure], memory: dict[str, Any], meta: dict[str, Any]) -> None:
    """report.md, report.json and the charts in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    data = {
        "meta": meta,
        "figures": [{**asdict(f), "ratio": f.ratio} for f in figures],
        "memory_bytes": memory,
    }
    (out / "report.json").write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    (out / "report.md").write_text(markdown(figures, memory, meta))
    charts(out, figures, memory)


def markdown(figures: list[Figure], memory: dict[str, Any], meta: dict[str, Any]) -> str:
    """The report as Markdown."""
    lines = [
        "# Lianfang benchmarks",
        "",
        f"{meta['when']} on {meta['machine']}; {meta['seconds']:.0f} s in all. Each figure was "
        "measured in the same run as its baseline; the ratio is what to compare between runs.",
        "",
        "| figure | value | baseline | baseline value | ratio | goal | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else "—"
        base = f"{f.baseline_value:,.1f}" if f.baseline_value is not None else "—"
        met = {True: "yes", False: "**no**", None: "—"}[f.met]
        lines.append(
            f"| {f.title} | {f.value:,.1f} {f.unit} | {f.baseline or '—'} | {base} | {ratio} "
            f"| {f.goal or '—'} | {met} |"
        )
    lines += ["", "## Details", ""]
    for f in figures:
        lines += [
            f"### {f.title}",
            "",
            "```json",
            json.dumps(f.details, indent=2, ensure_ascii=False),
            "```",
            "",
        ]
    if memory:
        lines += ["## Resident memory (MiB)", "", *memory_table(memory), ""]
    lines += ["Charts: `throughput.png`, `latency.png`, `pipelines.png`, `memory.png`.", ""]
    return "\n".join(lines)


def memory_table(memory: dict[str, Any]) -> list[str]:
    """Rows per process, columns per moment."""
    moments = sorted({m for per in memory.values() for m in per})
    order = ["idle", "under load (peak)", "after load", "after a second load"]
    moments = [m for m in order if m in moments]
    rows = ["| process | " + " | ".join(moments) + " |", "|---" * (len(moments) + 1) + "|"]
    for process, per in memory.items():
        cells = [f"{per[m] / MIB:,.0f}" if isinstance(per.get(m), int) else "—" for m in moments]
        rows.append(f"| {process} | " + " | ".join(cells) + " |")
    return rows


def charts(out: Path, figures: list[Figure], memory: dict[str, Any]) -> None:
    """Bar charts of each figure against its baseline, latencies, and memory."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    by_key = {f.key: f for f in figures}
    if "http_commands" in by_key:
        f = by_key["http_commands"]
        raw = f.details["raw psycopg single-row commits/s"]
        alone = f.details["registry process alone (lianfang serve, no proxy)"]
        fig, ax = plt.subplots(figsize=(9, 4))
        labels = [
            "raw single-row\ncommits",
            "bare eventsourcing\nsave",
            "HTTP, all-in-one",
            "HTTP, registry\nalone",
            "HTTP, registry\ntwo replicas",
        ]
        values = [
            raw,
            f.baseline_value or 0,
            f.value,
            alone["one process"]["commands/s"],
            alone["two replicas"]["commands/s"],
        ]
        ax.bar(labels, values, color=["#999999", "#4c72b0", "#dd8452", "#dd8452", "#dd8452"])
        ax.set_ylabel("per second")
        ax.set_title("Commands per second, same run")
        for i, v in enumerate(values):
            ax.text(i, v, f"{v:,.0f}", ha="center", va="bottom")
        fig.tight_layout()
        fig.savefig(out / "throughput.png", dpi=100)
        plt.close(fig)
    fig, ax = plt.subplots(figsize=(7, 4))
    latency_rows = []
    if "http_commands" in by_key:
        latency_rows.append(("HTTP command", by_key["http_commands"].details["latency"]))
    if "http_reads" in by_key:
        latency_rows.append(("HTTP read", by_key["http_reads"].details["latency"]))
    if "propagation" in by_key:
        for name in ("review", "warning", "notify"):
            value = by_key["propagation"].details.get(f"{name} (ms)")
            if value:
                latency_rows.append((f"propagation → {name}", value))
    if latency_rows:
        names = [n for n, _ in latency_rows]
        for offset, q in ((-0.2, "p50_ms"), (0.2, "p99_ms")):
            xs = [i + offset for i in range(len(names))]
            ax.bar(xs, [r[q] for _, r in latency_rows], width=0.4, label=q.replace("_ms", ""))
        ax.axhline(100, color="red", linewidth=0.8, linestyle="--", label="100 ms goal")
        ax.set_xticks(range(len(names)), names, rotation=15)
        ax.set_ylabel("ms")
        ax.set_title("Latency")
        ax.legend()
        fig.tight_layout()
        fig.savefig(out / "latency.png", dpi=100)
    plt.close(fig)
    pipes = [by_key[k] for k in ("relay", "replay") if k in by_key]
    if pipes:
        fig, ax = plt.subplots(figsize=(7, 4))
        for i, f in enumerate(pipes):
            ax.bar([i - 0.2], [f.baseline_value or 0], width=0.4, color="#999999")
            ax.bar([i + 0.2], [f.value], width=0.4, color="#4c72b0")
            ax.text(i + 0.2, f.value, f"{(f.ratio or 0):.0%}", ha="center", va="bottom")
        names = {"relay": "relay vs raw produce", "replay": "rebuild vs raw read"}
        ax.set_xticks(range(len(pipes)), [names[f.key] for f in pipes])
        ax.set_ylabel("events/s")
        ax.set_title("Pipelines against their raw baselines (grey)")
        fig.tight_layout()
        fig.savefig(out / "pipelines.png", dpi=100)
        plt.close(fig)
    if memory:
        fig, ax = plt.subplots(figsize=(8, 4))
        processes = list(memory)
        moments = ["idle", "under load (peak)", "after load", "after a second load"]
        width = 0.8 / len(moments)
        for j, m in enumerate(moments):
            values = [memory[p].get(m, 0) / MIB for p in processes]
            ax.bar(
                [i - 0.4 + width * (j + 0.5) for i in range(len(processes))], values, width, label=m
            )
        ax.set_xticks(range(len(processes)), processes, rotation=15)
        ax.set_ylabel("MiB resident")
        ax.set_title("Memory per process")
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(out / "memory.png", dpi=100)
        plt.close(fig)


def machine() -> str:
    """A short description of the machine."""
    import os

    return f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
