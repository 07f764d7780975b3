"""The notify HTTP API: one router per subject, gathered here (all behind authentication)."""

from __future__ import annotations

from fastapi import APIRouter

from lianfang_notify.api import contacts, deliveries, inbox, rules

router = APIRouter()
for module in (inbox, deliveries, contacts, rules):
    router.include_router(module.router)
