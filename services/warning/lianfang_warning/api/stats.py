"""Statistics per channel by period; the lifecycles; the departments known here."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import Field

from lianfang_shared.params import Day
from lianfang_shared.replica import list_departments
from lianfang_warning.api.deps import READERS, LocaleDep, ServiceDep
from lianfang_warning.api.schemas import Schema
from lianfang_warning.domain.errors import InvalidDate
from lianfang_warning.domain.lifecycle import CASE, WARNING
from lianfang_warning.domain.vocab import Channel, label
from lianfang_warning.projections import case_queries

router = APIRouter(tags=["statistics"])


class ChannelStat(Schema):
    channel: Channel
    label: str
    signals: int = Field(description="signals received in the period")
    cases: int = Field(description="cases those signals are in")
    warned: int = Field(description="of those cases, how many led to a warning")
    named_reports: int = Field(description="reports with a recorded identity (信访举报)")


class ChannelStats(Schema):
    start: date
    end: date
    items: list[ChannelStat]
    total_signals: int


@router.get("/statistics/channels", dependencies=[READERS])
def channel_statistics(
    svc: ServiceDep,
    locale: LocaleDep,
    start: Annotated[Day, Query(alias="from")],
    end: Annotated[Day, Query(alias="to")],
) -> ChannelStats:
    """Per channel (all 13, in the seed's order): signals received in the period and outcome."""
    if end < start:
        raise InvalidDate("the period ends before it starts")
    counts = case_queries.channel_counts(svc.db, start, end)
    zero = {"signals": 0, "cases": 0, "warned": 0, "named_reports": 0}
    items = [
        ChannelStat(channel=c, label=label(c, locale), **counts.get(c.value, zero)) for c in Channel
    ]
    return ChannelStats(
        start=start, end=end, items=items, total_signals=sum(i.signals for i in items)
    )


@router.get("/lifecycle")
def lifecycle(locale: LocaleDep) -> dict[str, Any]:
    """The state machines of a case and of a warning: states and transitions, labelled."""
    return {"case": CASE.describe(locale), "warning": WARNING.describe(locale)}


@router.get("/departments")
async def departments(request: Request) -> list[dict[str, Any]]:
    """Departments known to this service (replicated from the registry)."""
    db = request.app.state.services["warning"].db
    return await asyncio.to_thread(list_departments, db)
