"""The timeline of a subject across services: each service's log is asked over HTTP (with the
caller's own token, so each service hides what this viewer may not see) and the answers merged.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any
from uuid import UUID

import httpx

from lianfang_shared.settings import SERVICE_NAMES, PlatformSettings


async def _ask(
    http: httpx.AsyncClient, url: str, authorization: str, related: bool
) -> tuple[str, list[dict[str, Any]]]:
    try:
        r = await http.get(
            url, params={"related": str(related).lower()}, headers={"Authorization": authorization}
        )
    except httpx.HTTPError as e:
        return f"unreachable: {type(e).__name__}", []
    if r.status_code == 200:
        return "ok", list(r.json()["events"])
    try:
        detail = str(r.json().get("detail", ""))
    except ValueError:
        detail = r.text[:200]
    return f"{r.status_code}: {detail}", []


async def timeline(
    platform: PlatformSettings, subject: UUID, authorization: str, related: bool = True
) -> dict[str, Any]:
    """Every service's events of ``subject``, in time order, and what each service answered."""
    base = platform.feed_base_url.rstrip("/")
    async with httpx.AsyncClient(timeout=30) as http:
        urls = [f"{base}/api/v1/{n}/audit/subjects/{subject}/events" for n in SERVICE_NAMES]
        answers = await asyncio.gather(*(_ask(http, u, authorization, related) for u in urls))
    events = [e for _, found in answers for e in found]
    events.sort(key=lambda e: (datetime.fromisoformat(e["at"]), e["service"], e["position"]))
    return {
        "subject": str(subject),
        "events": events,
        "services": {n: a[0] for n, a in zip(SERVICE_NAMES, answers, strict=True)},
    }
