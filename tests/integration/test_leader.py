"""Leadership (one active instance per job): PostgreSQL session advisory locks, every lead of
a process on one connection of its own."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest

from lianfang_shared.leader import Leadership

pytestmark = pytest.mark.integration


def backend(lead: Leadership) -> Any:
    """The PostgreSQL backend of the connection the lead is asked on."""
    session = lead._session
    assert session is not None and session.conn is not None
    return session.conn.info.backend_pid


def other_process(database_url: str, key: str) -> bool:
    """Whether another session (another replica) could take ``key`` now; it lets go at once."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        row = conn.execute("SELECT pg_try_advisory_lock(hashtext(%s))", (key,)).fetchone()
        return bool(row and row[0])


async def test_the_leads_of_a_process_share_one_connection_and_exclude_each_other(
    database_url: str,
) -> None:
    key, other = f"test.{uuid.uuid4().hex[:8]}", f"test.{uuid.uuid4().hex[:8]}"
    first, second = Leadership(database_url, key), Leadership(database_url, key)
    third = Leadership(database_url, other)
    try:
        assert await first.acquire() and first.held
        assert await third.acquire() and third.held
        assert backend(first) == backend(third)  # one connection holds both leads
        assert not other_process(database_url, key)

        # The same key asked by another job of this process: refused here, as PostgreSQL
        # would not (its locks are reentrant within a session), and asked on no new backend.
        pid = backend(first)
        for _ in range(5):
            assert not await second.acquire() and not second.held
        assert backend(second) == pid

        await first.release()
        assert not first.held and third.held
        assert await second.acquire() and second.held
        assert not await first.acquire()
    finally:
        for lead in (first, second, third):
            await lead.release()
    assert other_process(database_url, key) and other_process(database_url, other)


async def test_losing_the_connection_loses_every_lead_until_taken_again(
    database_url: str,
) -> None:
    one = Leadership(database_url, f"test.{uuid.uuid4().hex[:8]}", check_every=0)
    two = Leadership(database_url, f"test.{uuid.uuid4().hex[:8]}", check_every=0)
    try:
        assert await one.acquire() and await two.acquire()
        with psycopg.connect(database_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (backend(one),))
        assert not await one.acquire()  # its check finds the connection gone
        assert not one.held and not two.held
        assert await two.acquire() and await one.acquire()  # on a new connection
        assert backend(one) == backend(two)
    finally:
        await one.release()
        await two.release()
