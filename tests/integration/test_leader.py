"""Leadership (one active instance per job): a PostgreSQL session advisory lock."""

from __future__ import annotations

import uuid

import pytest

from lianfang_shared.leader import Leadership

pytestmark = pytest.mark.integration


async def test_one_leads_and_the_other_asks_again_on_the_same_connection(
    database_url: str,
) -> None:
    key = f"test.{uuid.uuid4().hex[:8]}"
    first, second = Leadership(database_url, key), Leadership(database_url, key)
    try:
        assert await first.acquire() and first.held
        assert not await second.acquire() and not second.held
        assert second._conn is not None
        backend = second._conn.info.backend_pid
        for _ in range(5):
            assert not await second.acquire()
        assert second._conn.info.backend_pid == backend  # no new backend per try

        await first.release()
        assert not first.held
        assert await second.acquire() and second.held
        assert second._conn.info.backend_pid == backend
        assert not await first.acquire()
    finally:
        await first.release()
        await second.release()
