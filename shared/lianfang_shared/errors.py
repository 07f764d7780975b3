"""Domain errors and how the HTTP edge maps them (one place for every service)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


class DomainError(Exception):
    """Base of every service's domain errors; ``status_code`` is the HTTP answer."""

    status_code = 422


class NotFound(DomainError):
    """The aggregate does not exist."""

    status_code = 404


class Conflict(DomainError):
    """The command contradicts the current state (duplicate, wrong lifecycle step)."""

    status_code = 409


class ChangedConcurrently(Conflict):
    """Someone else changed the same thing at the same moment; read it again and retry."""


def add_error_handlers(app: FastAPI) -> None:
    """Answer DomainError with its status code and ``{"detail": message}``."""

    @app.exception_handler(DomainError)
    async def domain_error(_: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=exc.status_code)
