"""The warning service's HTTP API: one router per subject, gathered here (all authenticated)."""

from __future__ import annotations

from fastapi import APIRouter

from lianfang_warning.api import cases, exports, rectification, signals, stats, warnings

router = APIRouter()
for module in (signals, cases, warnings, rectification, exports, stats):
    router.include_router(module.router)
