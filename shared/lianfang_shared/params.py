"""Query parameters every service uses, bounded so that no value reaches PostgreSQL that it
cannot hold (a bigint), and days the calendar arithmetic can reckon with: anything else is a
clear 422, not a database error or an overflow."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query
from pydantic import Field

BIGINT_MAX = 2**63 - 1

Offset = Annotated[int, Query(ge=0, le=BIGINT_MAX, description="rows to skip")]

# The calendar the system reckons with: a day outside it is a typing error, and date
# arithmetic on it (years before, days after) would leave Python's range (a 500).
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)
Day = Annotated[date, Field(ge=EARLIEST_DAY, le=LATEST_DAY)]
