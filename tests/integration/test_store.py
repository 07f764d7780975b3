"""The event store's save: BEGIN, the inbox record, the table lock, the INSERT and COMMIT go to
PostgreSQL in one pipeline (``InboxApplicationRecorder.insert_events``). What it must keep of
eventsourcing's own insert: the notification ids, ChangedConcurrently for a stale version, the
inbox's once-only, and nothing half-stored or left open on the pooled connection."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from lianfang_registry.application import Registry
from lianfang_registry.domain.department import Department
from lianfang_shared.errors import ChangedConcurrently
from lianfang_shared.persistence import (
    PLATFORM_TABLES,
    AlreadyProcessed,
    InboxEntry,
    ensure_schema,
    eventsourcing_env,
)

pytestmark = pytest.mark.integration
SCHEMA = "store_test"


@pytest.fixture
def app(database_url: str) -> Iterator[Registry]:
    ensure_schema(database_url, SCHEMA)
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f"SET search_path TO {SCHEMA}")
        conn.execute(PLATFORM_TABLES)  # the inbox, as a service's schema has it
    registry = Registry(env=eventsourcing_env(database_url, SCHEMA, pool_size=1))
    yield registry
    registry.close()


def rows(database_url: str, query: str) -> list[Any]:
    with psycopg.connect(database_url, autocommit=True) as conn:
        return conn.execute(query).fetchall()


def open_transactions(database_url: str) -> list[Any]:
    """Other sessions on this database that are inside a transaction."""
    return rows(
        database_url,
        "SELECT state, query FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'",
    )


def test_a_save_commits_its_events_and_returns_their_positions(
    app: Registry, database_url: str
) -> None:
    departments = [Department(f"S{n}", f"部门{n}") for n in range(3)]
    recordings = app.save(*departments)
    assert [r.notification.id for r in recordings] == [1, 2, 3]
    again = app.save(Department("S3", "部门3"))
    assert [r.notification.id for r in again] == [4]
    stored = rows(database_url, f"SELECT notification_id FROM {SCHEMA}.registry_events")
    assert sorted(n for (n,) in stored) == [1, 2, 3, 4]  # committed: seen from elsewhere
    assert open_transactions(database_url) == []


def test_a_stale_version_is_refused_and_the_connection_stays_usable(
    app: Registry, database_url: str
) -> None:
    department_id = app.create_department("S0", "部门")
    first, second = app.get_department(department_id), app.get_department(department_id)
    first.rename("甲")
    app.store(first)
    second.rename("乙")
    with pytest.raises(ChangedConcurrently):
        app.store(second)
    # The failed save's transaction is not left open on the pool's one connection.
    assert open_transactions(database_url) == []
    app.rename_department(department_id, "丙")
    assert app.get_department(department_id).name == "丙"
    names = rows(
        database_url,
        f"SELECT count(*) FROM {SCHEMA}.registry_events WHERE originator_id = '{department_id}'",
    )
    assert names == [(3,)]  # created, 甲, 丙: nothing of 乙


def test_an_inbox_record_goes_with_the_events_once(app: Registry, database_url: str) -> None:
    entry = InboxEntry("tests", "event-1", "registry", 7)
    app.save(Department("S0", "部门"), inbox=entry)
    with pytest.raises(AlreadyProcessed):
        app.save(Department("S1", "部门"), inbox=entry)
    assert open_transactions(database_url) == []
    assert rows(database_url, f"SELECT count(*) FROM {SCHEMA}.registry_events") == [(1,)]
    assert rows(database_url, f"SELECT event_id FROM {SCHEMA}.inbox") == [("event-1",)]
    app.save(Department("S2", "部门"), inbox=InboxEntry("tests", "event-2", "registry", 8))
    assert rows(database_url, f"SELECT count(*) FROM {SCHEMA}.registry_events") == [(2,)]
