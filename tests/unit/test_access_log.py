"""The access log leaves out the requests that come all the time and succeed: the probes and
catch-up's reads of the internal feeds (``telemetry.RoutineRequests``)."""

from __future__ import annotations

import logging

import pytest

from lianfang_shared.telemetry import RoutineRequests

pytestmark = pytest.mark.unit


def logged(path: str, status: int) -> bool:
    """Whether uvicorn's access line for ``path`` answered ``status`` passes the filter."""
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", path, "1.1", status),
        None,
    )
    return RoutineRequests().filter(record)


def test_probes_and_feed_reads_that_succeed_are_left_out() -> None:
    assert not logged("/readyz", 200)
    assert not logged("/healthz", 200)
    assert not logged("/api/v1/registry/internal/events?after=0&limit=500", 200)
    assert not logged("/internal/events?after=12&limit=500", 200)  # a service on its own


def test_failures_and_every_other_request_are_logged() -> None:
    assert logged("/readyz", 503)
    assert logged("/api/v1/registry/internal/events?after=0&limit=500", 401)
    assert logged("/api/v1/registry/departments", 200)
    assert logged("/api/v1/registry/events?after=0", 200)  # not the internal feed
