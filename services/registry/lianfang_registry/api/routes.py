"""The registry's HTTP API: one router per subject, gathered here (all behind authentication)."""

from __future__ import annotations

from fastapi import APIRouter

from lianfang_registry.api import (
    departments,
    flows,
    persons,
    posts,
    powers,
    responsibilities,
    rotation,
    spreadsheets,
)

router = APIRouter()
for module in (
    departments,
    posts,
    persons,
    rotation,
    powers,
    responsibilities,
    flows,
    spreadsheets,
):
    router.include_router(module.router)
