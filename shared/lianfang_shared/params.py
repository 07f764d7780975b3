"""Query parameters every service uses, bounded so that no value reaches PostgreSQL that it
cannot hold (a bigint): a larger one is a clear 422, not a database error."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

BIGINT_MAX = 2**63 - 1

Offset = Annotated[int, Query(ge=0, le=BIGINT_MAX, description="rows to skip")]
