"""The container image: multi-stage, hashed installs, non-root, the command picks the process."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from lianfang_shared.settings import SERVICE_NAMES

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "deploy" / "docker" / "entrypoint.sh"
BUILD_TOOLS = ("gcc", "g++", "make", "build-essential", "apt-get", "apk add", "setuptools")


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def stages() -> list[list[tuple[str, str]]]:
    """The instructions of each build stage (FROM first)."""
    result: list[list[tuple[str, str]]] = []
    for ins in instructions():
        if ins[0] == "FROM":
            result.append([])
        if result:
            result[-1].append(ins)
    return result


def test_the_image_is_built_in_stages_and_the_last_one_runs() -> None:
    all_stages = stages()
    assert len(all_stages) >= 2
    assert all_stages[-1][0][1].endswith("AS runtime")


def test_dependencies_install_from_the_hashed_lock_and_the_project_without_deps() -> None:
    build = " ".join(args for _, args in stages()[0])
    assert "--require-hashes -r requirements.txt" in build
    assert re.search(r"install --no-deps /wheels/", build)
    assert "--require-hashes -r deploy/docker/build-requirements.txt" in build


def test_build_requirements_are_pinned_with_hashes() -> None:
    text = (ROOT / "deploy" / "docker" / "build-requirements.txt").read_text(encoding="utf-8")
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==\S+ \\$", text, flags=re.M)
    assert pins
    assert text.count("--hash=sha256:") >= len(pins)


def test_the_runtime_stage_has_no_build_tools_and_runs_unprivileged() -> None:
    runtime = stages()[-1]
    runs = " ".join(args for ins, args in runtime if ins == "RUN")
    for tool in BUILD_TOOLS:
        assert tool not in runs, tool
    assert not any("pip" in args for ins, args in runtime if ins == "RUN")
    users = [args for ins, args in runtime if ins == "USER"]
    assert users
    uid = users[-1].split(":")[0]
    assert uid.isdigit() and int(uid) > 0, "USER must be a numeric non-root uid (runAsNonRoot)"
    copies = [args for ins, args in runtime if ins == "COPY"]
    assert any(c.startswith("--from=build /opt/lianfang") for c in copies)


def test_the_entrypoint_is_the_copied_script() -> None:
    runtime = stages()[-1]
    entry = next(args for ins, args in runtime if ins == "ENTRYPOINT")
    target = entry.strip('[]" ')
    copied = [args.split()[-1] for ins, args in runtime if ins == "COPY"]
    assert target in copied
    assert any(a.endswith("deploy/docker/entrypoint.sh " + target) for _, a in runtime)


def run_entrypoint(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the entry point with a stand-in ``lianfang`` that prints its arguments."""
    fake = tmp_path / "lianfang"
    fake.write_text('#!/bin/sh\necho "lianfang $*"\n', encoding="utf-8")
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        ["sh", str(ENTRYPOINT), *args], capture_output=True, text=True, env=env, check=False
    )


@pytest.mark.parametrize("service", SERVICE_NAMES)
def test_a_service_name_serves_that_service(tmp_path: Path, service: str) -> None:
    assert run_entrypoint(tmp_path, service).stdout.strip() == f"lianfang serve {service}"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["init"], "lianfang init"),
        (["registry", "--port", "9000"], "lianfang serve registry --port 9000"),
        (["token", "--user", "u1", "--role", "admin"], "lianfang token --user u1 --role admin"),
        (["echo", "anything else"], "anything else"),
    ],
)
def test_other_commands(tmp_path: Path, args: list[str], expected: str) -> None:
    assert run_entrypoint(tmp_path, *args).stdout.strip() == expected


def test_no_command_is_a_usage_error(tmp_path: Path) -> None:
    result = run_entrypoint(tmp_path)
    assert result.returncode == 64
    assert "usage" in result.stderr


def _pattern(p: str) -> re.Pattern[str]:
    out, i = "", 0
    while i < len(p):
        if p.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif p.startswith("**", i):
            out, i = out + ".*", i + 2
        elif p[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif p[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(p[i]), i + 1
    return re.compile(out)


def ignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule: the last pattern matching the path (or a parent) decides."""
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    verdict = False
    for raw in patterns:
        negate = raw.startswith("!")
        rx = _pattern(raw.lstrip("!").strip("/"))
        if any(rx.fullmatch(p) for p in prefixes):
            verdict = not negate
    return verdict


def dockerignore() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_the_build_context_holds_what_the_dockerfile_copies_and_nothing_else() -> None:
    patterns = dockerignore()
    sources = []
    for ins, args in instructions():
        if ins == "COPY" and "--from=" not in args:
            sources += [a for a in args.split()[:-1] if not a.startswith("--")]
    for source in sources:
        path = ROOT / source.rstrip("/")
        files = [path] if path.is_file() else [p for p in path.rglob("*.py")]
        assert files, source
        for f in files:
            rel = f.relative_to(ROOT).as_posix()
            if "__pycache__" not in rel:
                assert not ignored(rel, patterns), f"{rel} is copied but .dockerignore drops it"
    for rel in ("tests/conftest.py", ".venv/bin/python", ".git/HEAD", "docs/platform.md"):
        assert ignored(rel, patterns), rel
    assert ignored("shared/lianfang_shared/__pycache__/app.cpython-311.pyc", patterns)
