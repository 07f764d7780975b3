"""Warning routes."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request

from lianfang_shared.replica import list_departments

router = APIRouter()


@router.get("/departments")
async def departments(request: Request) -> list[dict[str, Any]]:
    """Departments known to this service (replicated from the registry)."""
    db = request.app.state.services["warning"].db
    return await asyncio.to_thread(list_departments, db)
