"""A probe consumer that counts: every registry event it applies adds 1 to that event's row.

Deliberately not idempotent by itself, so only the platform's inbox stands between a
redelivery and a count of 2. Each application also gets a sequence number, so the order in
which one aggregate's events were applied can be read back.

Run as ``python -m tests.faults.tally PORT``; settings come from LIANFANG_* env.
"""

from __future__ import annotations

import sys
from typing import Any

import psycopg
from fastapi import APIRouter

from lianfang_shared.consumer import Consumer
from lianfang_shared.contracts import IntegrationEvent, all_contracts
from lianfang_shared.envelope import Envelope
from lianfang_shared.service import ServiceSpec
from lianfang_shared.settings import ServiceSettings

TABLES = """
CREATE SEQUENCE IF NOT EXISTS tally_seq;
CREATE TABLE IF NOT EXISTS tally (
    event_id text PRIMARY KEY,
    subject text NOT NULL,
    position bigint NOT NULL,
    applied int NOT NULL,
    first_seq bigint NOT NULL DEFAULT nextval('tally_seq')
);
"""


class TallySettings(ServiceSettings):
    name: str = "tally"


def count(conn: psycopg.Connection[Any], _: IntegrationEvent, env: Envelope) -> None:
    """Add 1 to the event's count (a second application would show as 2)."""
    conn.execute(
        "INSERT INTO tally (event_id, subject, position, applied) VALUES (%s, %s, %s, 1) "
        "ON CONFLICT (event_id) DO UPDATE SET applied = tally.applied + 1",
        (env.id, env.subject, env.sourceposition),
    )


def register(consumer: Consumer) -> None:
    """Count every registry contract."""
    for (event_type, _), contract in all_contracts().items():
        if event_type.startswith("lianfang.registry."):
            consumer.projects(contract)(count)


SPEC = ServiceSpec(
    name="tally",
    settings_cls=TallySettings,
    router=APIRouter(),
    upstreams=("registry",),
    handlers=register,
    tables=TABLES,
)


def main() -> None:
    """Serve the probe on the port given as the only argument."""
    from lianfang_shared.cli import serve
    from lianfang_shared.settings import PlatformSettings

    serve(PlatformSettings(), [SPEC], "127.0.0.1", int(sys.argv[1]))


if __name__ == "__main__":
    main()
