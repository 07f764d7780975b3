"""A database from before is upgraded in place on start: the walking skeleton's inbox, and
signing secrets stored before they were sealed."""

from __future__ import annotations

import psycopg
import pytest

from lianfang_notify.config import NotifySettings
from lianfang_notify.store import contacts
from lianfang_shared.sealing import Sealer
from lianfang_shared.settings import PlatformSettings
from tests.notify.support import rows
from tests.support import eventually, running

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


async def test_secrets_stored_in_the_clear_are_sealed_when_the_worker_leads(
    quiet: PlatformSettings, notify_env: None
) -> None:
    """Contact points added before secrets were sealed keep working: the worker seals their
    secrets when it starts leading, and each opens to what it was."""
    async with running(quiet, ["notify"]):
        pass  # the tables, as the previous release left them
    url = "https://oapi.dingtalk.example/robot/send?access_token=t"
    with psycopg.connect(quiet.database_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO notify.contact_points (address, channel, target, secret, locale, "
            "digest, label, created_by) VALUES ('role:office', 'dingtalk', %s, 'SECold', "
            "'zh-Hans', false, '', 'admin-1')",
            (url,),
        )
    async with running(quiet, ["notify"]) as s:
        sealer = NotifySettings().sealer()

        async def sealed() -> bool:
            (row,) = rows(s, "SELECT channel, target, secret FROM contact_points")
            return bool(Sealer.is_sealed(row["secret"]))

        await eventually(sealed)
        (row,) = rows(s, "SELECT channel, target, secret FROM contact_points")
        assert "SECold" not in row["secret"]
        assert contacts.open_secret(sealer, "dingtalk", url, row["secret"]) == "SECold"
