"""Domain errors and how the HTTP edge maps them (one place for every service)."""

from __future__ import annotations

import logging

import psycopg
from eventsourcing.persistence import DataError as StoreDataError
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

log = logging.getLogger(__name__)


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
    """Answer DomainError with its status code and ``{"detail": message}``; a value the
    database refuses (PostgreSQL's data exceptions: a number out of range, text it cannot
    store) with 422, its transaction rolled back, so nothing was stored. Input should be
    refused before that (``limits.InputGuard``, bounded parameters): the warning says where
    it was not."""

    @app.exception_handler(DomainError)
    async def domain_error(_: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=exc.status_code)

    async def data_error(request: Request, exc: Exception) -> JSONResponse:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        log.warning(
            "database refused a value in %s %s: %s", request.method, request.url.path, reason
        )
        return JSONResponse({"detail": f"value not accepted: {reason}"}, status_code=422)

    app.add_exception_handler(psycopg.DataError, data_error)
    app.add_exception_handler(StoreDataError, data_error)
