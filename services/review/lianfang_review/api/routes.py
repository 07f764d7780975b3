"""The review's HTTP API: one router per subject, gathered here (all behind authentication)."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request

from lianfang_review.api import (
    approvals,
    assessments,
    briefings,
    commitments,
    coverage,
    duty_exports,
    grading,
    inspections,
    measures,
    meetings,
    points,
    publications,
    reports,
    templates,
)
from lianfang_shared.replica import list_departments

router = APIRouter()
SUBJECTS = (points, grading, measures, approvals, meetings, reports, templates, commitments,
            briefings, publications, coverage, inspections, assessments, duty_exports)  # fmt: skip
for module in SUBJECTS:
    router.include_router(module.router)


@router.get("/departments", tags=["organisation"])
async def departments(request: Request) -> list[dict[str, Any]]:
    """Departments known to this service (replicated from the registry)."""
    db = request.app.state.services["review"].db
    return await asyncio.to_thread(list_departments, db)
