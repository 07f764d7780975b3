"""Retrying: an outage is waited for, however it is raised; a bad message is tried a few times."""

from __future__ import annotations

import psycopg
import pytest
from eventsourcing import persistence

from lianfang_shared.retry import a_few_times, is_outage

pytestmark = pytest.mark.unit


def wrapped(error: Exception, as_: type[Exception]) -> Exception:
    """``error`` re-raised as eventsourcing's recorders do (``raise X(str(e)) from e``)."""
    try:
        raise as_(str(error)) from error
    except as_ as e:
        return e


@pytest.mark.parametrize(
    ("error", "outage"),
    [
        (psycopg.OperationalError("server closed the connection"), True),
        (wrapped(psycopg.OperationalError("gone"), persistence.OperationalError), True),
        (wrapped(psycopg.InterfaceError("closed"), persistence.InterfaceError), True),
        (OSError("connection refused"), True),
        (psycopg.errors.ProgramLimitExceeded("index row too large"), False),
        (
            wrapped(psycopg.errors.ProgramLimitExceeded("too large"), persistence.OperationalError),
            False,
        ),
        (wrapped(psycopg.DataError("bad"), persistence.DataError), False),
        (ValueError("bad message"), False),
    ],
)
def test_what_counts_as_an_outage(error: Exception, outage: bool) -> None:
    assert is_outage(error) is outage


async def test_an_outage_is_waited_for_beyond_the_attempts() -> None:
    calls = 0

    async def flaky() -> str:
        nonlocal calls
        calls += 1
        if calls <= 5:
            raise wrapped(psycopg.OperationalError("gone"), persistence.OperationalError)
        return "done"

    assert await a_few_times("test", flaky, attempts=2) == "done"
    assert calls == 6


async def test_a_bad_message_is_tried_only_so_often() -> None:
    calls = 0

    async def bad() -> None:
        nonlocal calls
        calls += 1
        raise ValueError("cannot cope")

    with pytest.raises(ValueError):
        await a_few_times("test", bad, attempts=3)
    assert calls == 3
