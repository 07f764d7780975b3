"""Retrying with backoff, in one place: infrastructure waits forever, other errors a few times."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

import psycopg
from aiokafka.errors import KafkaError
from eventsourcing import persistence
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    RetryError,
    retry_if_exception,
    wait_exponential,
)

T = TypeVar("T")
log = logging.getLogger(__name__)

# Errors that mean "a server is away", not "this message is bad": wait for it, never give up.
INFRASTRUCTURE_ERRORS: tuple[type[BaseException], ...] = (
    psycopg.OperationalError,
    psycopg.InterfaceError,
    # The same errors as eventsourcing's recorders raise them (``from`` psycopg's).
    persistence.OperationalError,
    persistence.InterfaceError,
    KafkaError,
    OSError,
    asyncio.TimeoutError,
)
# Operational errors that are the statement's fault (e.g. a value too large to index), not a
# server's: retrying cannot help, so they count as the message's failure, never as waiting.
STATEMENT_ERRORS: tuple[type[BaseException], ...] = (psycopg.errors.ProgramLimitExceeded,)


def is_outage(exc: BaseException) -> bool:
    """True if ``exc`` means a server is away (wait for it), not that the work is bad."""
    if not isinstance(exc, INFRASTRUCTURE_ERRORS):
        return False
    return not any(isinstance(e, STATEMENT_ERRORS) for e in (exc, exc.__cause__))


class Stopped(RetryError):
    """Retrying was abandoned because the process is stopping."""


def _log(name: str) -> Callable[[RetryCallState], None]:
    def before_sleep(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        log.warning("%s: attempt %d failed (%r); retrying", name, state.attempt_number, exc)

    return before_sleep


def _first_failed(fn: Callable[[], Awaitable[T]], exc: BaseException) -> Callable[[], Awaitable[T]]:
    """``fn``, except that its first call raises ``exc`` (the attempt already made)."""
    pending = [exc]

    async def call() -> T:
        if pending:
            raise pending.pop()
        return await fn()

    return call


# The first attempt is made without tenacity (whose machinery costs ~15-20 µs a call, and
# these run for each projection step and each message); when it fails, tenacity takes over
# with that failure as its first attempt: the same retries, waits and logs as before.


async def until_done(
    name: str, fn: Callable[[], Awaitable[T]], stopping: asyncio.Event | None = None
) -> T:
    """Run ``fn`` until it succeeds, backing off up to 5 s; raise Stopped when stopping."""
    try:
        return await fn()
    except BaseException as exc:  # handed to tenacity as its first attempt
        fn = _first_failed(fn, exc)
    async for attempt in AsyncRetrying(
        wait=wait_exponential(multiplier=0.1, max=5),
        stop=lambda _: stopping is not None and stopping.is_set(),
        before_sleep=_log(name),
        retry_error_cls=Stopped,
    ):
        with attempt:
            return await fn()
    raise AssertionError("unreachable")


async def a_few_times(
    name: str,
    fn: Callable[[], Awaitable[T]],
    attempts: int,
    stopping: asyncio.Event | None = None,
    never: tuple[type[BaseException], ...] = (),
    failed: BaseException | None = None,
) -> T:
    """Retry ``fn``: infrastructure errors without limit, ``never`` errors not at all, any
    other error ``attempts`` times in all. ``failed``: the first attempt, made elsewhere,
    failed with it."""
    if failed is not None:
        fn = _first_failed(fn, failed)
    else:
        try:
            return await fn()
        except BaseException as exc:  # handed to tenacity as its first attempt
            fn = _first_failed(fn, exc)
    failures = 0

    def should_retry(exc: BaseException) -> bool:
        nonlocal failures
        if isinstance(exc, never) or (stopping is not None and stopping.is_set()):
            return False
        if is_outage(exc):
            return True
        failures += 1
        return failures < attempts

    async for attempt in AsyncRetrying(
        wait=wait_exponential(multiplier=0.05, max=5),
        retry=retry_if_exception(should_retry),
        before_sleep=_log(name),
        reraise=True,
    ):
        with attempt:
            return await fn()
    raise AssertionError("unreachable")
