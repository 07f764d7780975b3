"""Helpers of the audit tests: filling the registry's log, reaching its tables, the CLI."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import psycopg
import pytest

from lianfang_shared.cli import main
from lianfang_shared.service import Service
from lianfang_shared.settings import PlatformSettings
from tests.support import System

API = "/api/v1/registry"


def registry_of(s: System) -> Service:
    """The running registry service."""
    return s.services["registry"]


def fill(s: System, powers: int = 6, amendments: int = 2) -> list[UUID]:
    """A department and its powers, each amended a few times; the power ids."""
    app = registry_of(s).app
    department = app.create_department("WZ", "物资供应部")
    ids = []
    for n in range(powers):
        details = {"name": f"物资采购审批{n}", "category": "approval", "content": "采购申请审批"}
        ids.append(app.register_power(department, f"WZ-{n:03d}", details, activate=True))
    for round_ in range(amendments):
        for n, power in enumerate(ids):
            app.amend_power(power, {"name": f"物资采购审批{n}（第{round_ + 2}版）"}, "修订")
    return ids


async def settled(s: System) -> None:
    """Wait until the registry's read models include the test's writes."""
    await asyncio.to_thread(registry_of(s).settle)


def seal(s: System) -> None:
    """Chain everything stored so far and sign a checkpoint."""
    audit = registry_of(s).audit
    assert audit is not None
    audit.catch_up()
    assert audit.checkpoint() is not None


@contextmanager
def tables(s: System) -> Iterator[psycopg.Connection[Any]]:
    """A connection on the registry's schema (autocommit), as someone with database access."""
    with psycopg.connect(
        s.platform.database_url, autocommit=True, options="-c search_path=registry"
    ) as conn:
        yield conn


async def cli(
    platform: PlatformSettings, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    """Run ``lianfang`` in-process (in a thread, as it runs its own event loop) against the
    test's database and broker: its exit code and what it printed (stderr after stdout)."""
    code = await asyncio.to_thread(_run, platform, argv)
    printed = capsys.readouterr()
    return code, printed.out + printed.err


def _run(platform: PlatformSettings, argv: list[str]) -> int:
    env = {
        "LIANFANG_DATABASE_URL": platform.database_url,
        "LIANFANG_KAFKA_BOOTSTRAP_SERVERS": platform.kafka_bootstrap_servers,
        "LIANFANG_TOPIC_PREFIX": platform.topic_prefix,
        "LIANFANG_AUDIT_SIGNING_KEY": platform.audit_signing_key,
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        main(argv)
        return 0
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else 2
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
