"""A probe service for process-level tests: a slow consumer whose effect has two rows.

Run as ``python -m tests.integration.slow_probe PORT``; settings come from LIANFANG_* env.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import psycopg
from fastapi import APIRouter

from lianfang_shared.consumer import Consumer
from lianfang_shared.contracts.registry import DepartmentCreated
from lianfang_shared.envelope import Envelope
from lianfang_shared.service import ServiceSpec
from lianfang_shared.settings import ServiceSettings

TABLES = """
CREATE TABLE IF NOT EXISTS effect_rows (
    department_id uuid NOT NULL,
    part int NOT NULL,
    PRIMARY KEY (department_id, part)
);
"""


class SlowProbeSettings(ServiceSettings):
    name: str = "probe"


def two_rows_slowly(conn: psycopg.Connection[Any], e: DepartmentCreated, _: Envelope) -> None:
    """Write half the effect, dawdle, write the other half: a stop must not split them."""
    conn.execute("INSERT INTO effect_rows VALUES (%s, 1)", (e.department_id,))
    time.sleep(0.2)
    conn.execute("INSERT INTO effect_rows VALUES (%s, 2)", (e.department_id,))


def register(consumer: Consumer) -> None:
    consumer.projects(DepartmentCreated)(two_rows_slowly)


SPEC = ServiceSpec(
    name="probe",
    settings_cls=SlowProbeSettings,
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
