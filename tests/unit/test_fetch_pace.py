"""How long a consumer's fetches wait on the broker (``intake.FetchPace``): the configured
wait while records come; after ``QUIET_AFTER`` seconds without one, at least
``QUIET_FETCH_WAIT_MS`` (the embedded broker holds every fetch that long, so an idle consumer
asks it less often); the first record brings the configured wait back."""

from __future__ import annotations

import inspect
from types import SimpleNamespace
from typing import Any

import pytest
from aiokafka.consumer.fetcher import Fetcher

from lianfang_shared.intake import QUIET_AFTER, QUIET_FETCH_WAIT_MS, FetchPace

pytestmark = pytest.mark.unit


def consumer(wait_ms: int) -> Any:
    """An aiokafka consumer as far as the pace touches it: its fetcher's wait."""
    return SimpleNamespace(_fetcher=SimpleNamespace(_fetch_max_wait_ms=wait_ms))


def test_a_quiet_consumer_waits_longer_and_a_record_brings_the_short_wait_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [100.0]
    monkeypatch.setattr("lianfang_shared.intake.time.monotonic", lambda: now[0])
    c = consumer(10)
    pace = FetchPace(10)
    pace.fetched(c, 3)
    now[0] += QUIET_AFTER - 0.1
    pace.fetched(c, 0)
    assert c._fetcher._fetch_max_wait_ms == 10  # not quiet long enough
    now[0] += 0.2
    pace.fetched(c, 0)
    assert c._fetcher._fetch_max_wait_ms == QUIET_FETCH_WAIT_MS
    pace.fetched(c, 1)
    assert c._fetcher._fetch_max_wait_ms == 10


def test_a_wait_longer_than_the_quiet_one_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr("lianfang_shared.intake.time.monotonic", lambda: now[0])
    c = consumer(500)  # Kafka's: it answers as records arrive
    pace = FetchPace(500)
    now[0] += QUIET_AFTER * 10
    pace.fetched(c, 0)
    assert c._fetcher._fetch_max_wait_ms == 500


def test_aiokafka_still_builds_each_fetch_request_with_the_fetchers_wait() -> None:
    """The pace sets a private attribute of aiokafka's fetcher: this fails if an aiokafka
    upgrade stops reading it for each request (then the pace would do nothing)."""
    assert "self._fetch_max_wait_ms = fetch_max_wait_ms" in inspect.getsource(Fetcher.__init__)
    assert "self._fetch_max_wait_ms," in inspect.getsource(Fetcher._get_actions_per_node)
