"""The README's run command: `make up` starts everything, serves /readyz, and the skeleton works."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

from lianfang_shared.auth import mint_token
from lianfang_shared.embedded import free_port
from lianfang_shared.settings import PlatformSettings

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


def wait_ready(base: str, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"runner exited {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"not ready within {timeout}s:\n{log.read_text()[-4000:]}")


def start_runner(command: list[str], log: Path) -> subprocess.Popen[bytes]:
    """``command`` in a session of its own, without the caller's LIANFANG_ settings, its
    output to ``log``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIANFANG_")}
    with log.open("wb") as out:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def test_make_up_runs_the_whole_system(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "runner.log"
    up = ["make", "--no-print-directory", "up"]
    process = start_runner([*up, f"ARGS=--port {port} --data-dir {tmp_path / 'data'}"], log)
    try:
        wait_ready(base, process, log, timeout=120)
        text = log.read_text()
        assert f"Lianfang API on {base}" in text
        assert "PostgreSQL (embedded)" in text and "embedded Tansu" in text

        headers = {"Authorization": "Bearer " + mint_token(PlatformSettings(), "admin", ["admin"])}
        r = httpx.post(
            f"{base}/api/v1/registry/departments",
            headers=headers,
            json={"code": "BGS", "name": "办公室"},
        )
        assert r.status_code == 201, r.text
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            review = httpx.get(f"{base}/api/v1/review/departments", headers=headers).json()
            inbox = httpx.get(f"{base}/api/v1/notify/inbox", headers=headers).json()
            if review and inbox["items"]:
                break
            time.sleep(0.2)
        assert [d["name"] for d in review] == ["办公室"]
        assert inbox["items"][0]["text"] == "新部门已登记：办公室（BGS）"
        assert httpx.get(f"{base}/docs").status_code == 200
        asyncapi = httpx.get(f"{base}/asyncapi.json").json()
        assert "lianfang.registry.events" in str(asyncapi["channels"])
        assert httpx.get(f"{base}/asyncapi").status_code == 200
        # The access log has the requests above, not the probes nor catch-up's feed reads
        # that succeeded (a 503 while the runner started would be there).
        lines = log.read_text().splitlines()
        assert any("POST /api/v1/registry/departments HTTP/1.1" in line for line in lines)
        routine = ("GET /readyz", "/internal/events")
        assert [x for x in lines if any(r in x for r in routine) and '" 200' in x] == []
    finally:
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C
        code = process.wait(60)
    assert code in (0, 2, 130, -signal.SIGINT), log.read_text()[-3000:]
    assert "Application shutdown complete" in log.read_text()


def processes_using(path: Path) -> list[list[str]]:
    """The command lines of live processes that name ``path`` (the embedded PostgreSQL's,
    by its data directory)."""
    found = []
    for p in psutil.process_iter(attrs=["cmdline", "status"]):
        cmdline = p.info["cmdline"] or []
        if p.info["status"] != psutil.STATUS_ZOMBIE and any(str(path) in a for a in cmdline):
            found.append(cmdline)
    return found


def alive(process: psutil.Process) -> bool:
    """Running, and not a zombie waiting for its parent."""
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_sigterm_stops_the_embedded_postgres_and_broker_too(tmp_path: Path) -> None:
    """As `docker stop`, systemd or `kill` stop it: SIGTERM to the runner alone. Its embedded
    PostgreSQL and broker go with it (a PostgreSQL left running held the data directory, and
    every stopped run left a broker behind)."""
    port = free_port()
    data = tmp_path / "data"
    log = tmp_path / "runner.log"
    lianfang = str(Path(sys.executable).parent / "lianfang")  # this environment's
    process = start_runner([lianfang, "up", "--port", str(port), "--data-dir", str(data)], log)
    try:
        wait_ready(f"http://127.0.0.1:{port}", process, log, timeout=120)
        children = psutil.Process(process.pid).children(recursive=True)
        assert any("tansu" in c.name() for c in children)
        assert processes_using(data / "pgdata")
        process.send_signal(signal.SIGTERM)
        code = process.wait(60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and (
        processes_using(data / "pgdata") or any(alive(c) for c in children)
    ):
        time.sleep(0.2)
    left = processes_using(data / "pgdata") + [c.pid for c in children if alive(c)]
    assert left == [], log.read_text()[-3000:]
    assert "Application shutdown complete" in log.read_text()
    assert code == 128 + signal.SIGTERM  # as a shell reports a process ended by SIGTERM
