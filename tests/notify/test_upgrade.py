"""A database from before (the walking skeleton's inbox) is upgraded in place on start."""

from __future__ import annotations

import psycopg
import pytest

from lianfang_shared.settings import PlatformSettings
from tests.support import running

pytestmark = pytest.mark.integration

OLD = """
CREATE SCHEMA notify;
CREATE TABLE notify.notifications (
    id bigserial PRIMARY KEY,
    recipient text NOT NULL,
    kind text NOT NULL,
    params jsonb NOT NULL,
    event_id text NOT NULL,
    subject text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (event_id, recipient)
);
CREATE TABLE notify.notification_reads (
    notification_id bigint NOT NULL REFERENCES notify.notifications (id),
    user_id text NOT NULL,
    read_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (notification_id, user_id)
);
INSERT INTO notify.notifications (recipient, kind, params, event_id, subject) VALUES
    ('role:office', 'department_created', '{"name": "财务部", "code": "CW"}', 'e-1', 'd-1');
"""


async def test_the_old_inbox_is_kept(quiet: PlatformSettings, notify_env: None) -> None:
    with psycopg.connect(quiet.database_url, autocommit=True) as conn:
        conn.execute(OLD)
    async with running(quiet, ["notify"]) as s:
        office = s.auth("office", user="office-1")
        inbox = (await s.http.get("/api/v1/notify/inbox", headers=office)).json()
        assert [(i["text"], i["read"]) for i in inbox["items"]] == [
            ("新部门已登记：财务部（CW）", False)
        ]
        r = await s.http.post(
            f"/api/v1/notify/inbox/{inbox['items'][0]['id']}/read", headers=office
        )
        assert r.status_code == 204
