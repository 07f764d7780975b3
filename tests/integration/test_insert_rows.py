"""``insert_rows``, the batch handlers' insert: one ``INSERT … unnest`` for a few rows, binary
COPY from ``COPY_FROM`` rows on (a rebuild's batches). Both must store the same rows, in
order, with NULLs and every column type the projections use; a suffix (``ON CONFLICT``)
always goes by INSERT, which COPY cannot do; a failing batch stores nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest

from lianfang_shared.projection import COPY_FROM, insert_rows

pytestmark = pytest.mark.integration

COLUMNS = {
    "id": "uuid",
    "code": "text",
    "parent_id": "uuid",
    "key_post": "boolean",
    "version": "integer",
    "position": "int8",
    "at": "timestamptz",
}
TABLE = """
CREATE TABLE things (
    n bigserial, id uuid PRIMARY KEY, code text NOT NULL UNIQUE, parent_id uuid,
    key_post boolean NOT NULL, version integer NOT NULL, position bigint NOT NULL,
    at timestamptz NOT NULL
)
"""
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def things(count: int, start: int = 0) -> list[tuple[Any, ...]]:
    return [
        (
            uuid.uuid4(),
            f"部门-{start + i}",
            None if i % 3 else uuid.uuid4(),
            i % 2 == 0,
            i + 1,
            2**40 + i,
            EPOCH + timedelta(seconds=i),
        )
        for i in range(count)
    ]


def stored(conn: psycopg.Connection[Any]) -> list[tuple[Any, ...]]:
    return conn.execute(f"SELECT {', '.join(COLUMNS)} FROM things ORDER BY n").fetchall()


@pytest.mark.parametrize("count", [1, COPY_FROM - 1, COPY_FROM, 3 * COPY_FROM + 7])
def test_rows_are_stored_in_order_by_either_path(database_url: str, count: int) -> None:
    rows = things(count)
    with psycopg.connect(database_url) as conn:
        conn.execute(TABLE)
        insert_rows(conn, "things", COLUMNS, rows)
        assert stored(conn) == rows


def test_a_suffix_goes_by_insert_even_for_many_rows(database_url: str) -> None:
    rows = things(2 * COPY_FROM)
    with psycopg.connect(database_url) as conn:
        conn.execute(TABLE)
        insert_rows(conn, "things", COLUMNS, rows[:10])
        insert_rows(conn, "things", COLUMNS, rows, "ON CONFLICT (id) DO NOTHING")
        assert stored(conn) == rows


def test_a_copy_that_fails_stores_nothing(database_url: str) -> None:
    rows = things(2 * COPY_FROM)
    rows[-1] = (uuid.uuid4(), rows[0][1], *rows[-1][2:])  # the first row's code again
    with psycopg.connect(database_url) as conn:
        conn.execute(TABLE)
        conn.commit()
        with pytest.raises(psycopg.errors.UniqueViolation), conn.transaction():
            insert_rows(conn, "things", COLUMNS, rows)
        assert stored(conn) == []
