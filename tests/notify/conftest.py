"""Fixtures of the notify tests: notify on real PostgreSQL and Kafka, a real SMTP server and a
real HTTP receiver on loopback, short intervals, and a clock the tests move."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from lianfang_notify.clock import CLOCK
from lianfang_shared.settings import PlatformSettings
from tests.notify.receivers import SmtpServer, WebhookServer
from tests.support import System, running


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def hooks() -> Iterator[WebhookServer]:
    server = WebhookServer().start()
    yield server
    server.stop()


@pytest.fixture
def clock() -> Iterator[object]:
    CLOCK.reset()
    yield CLOCK
    CLOCK.reset()


@pytest.fixture
def notify_env(monkeypatch: pytest.MonkeyPatch, smtp: SmtpServer, clock: object) -> None:
    """Notify's settings for tests: the loopback SMTP server and short intervals."""
    for name, value in {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp.port),
        "SMTP_SENDER": "lianfang@factory.example",
        "DISPATCH_INTERVAL": "0.05",
        "SCHEDULE_INTERVAL": "0.1",
        "RETRY_INITIAL": "0.05",
        "RETRY_MAX": "0.2",
        "MAX_ATTEMPTS": "3",
        "SEND_TIMEOUT": "5",
        "PORTAL_URL": "https://portal.factory.example/inbox",
    }.items():
        monkeypatch.setenv(f"LIANFANG_NOTIFY_{name}", value)


@pytest.fixture
def quiet(platform: PlatformSettings) -> PlatformSettings:
    """Kafka alone: no catch-up passes against feeds these tests do not serve."""
    return platform.model_copy(update={"catchup_interval": 3600.0})


@pytest.fixture
async def notify(quiet: PlatformSettings, notify_env: None) -> AsyncIterator[System]:
    """The notify service alone, running."""
    async with running(quiet, ["notify"]) as system:
        yield system
