"""Who reads the audit trail, and the rule that an auditor changes nothing."""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException, Request, status

from lianfang_shared.auth import CurrentUser, Role, require

# Histories, states, timelines, verification and exports: the auditor, the office (which
# coordinates) and the discipline committee (which inspects).
READER_ROLES = (Role.auditor, Role.office, Role.discipline)
READERS: Any = require(*READER_ROLES)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def auditors_read_only(request: Request, user: CurrentUser) -> None:
    """Refuse every write to a caller holding ``auditor`` (segregation of duties: an auditor
    account changes nothing, whatever other roles it holds). Async: it blocks on nothing, and
    FastAPI would run a plain function in a worker thread."""
    if user.has(Role.auditor) and request.method not in SAFE_METHODS:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "auditors read and never change anything")
