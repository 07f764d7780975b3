"""How long catch-up waits between passes: its interval once the consumer holds its share of
the group's partitions (even none, as a replica beyond the partition count), and a tenth of
it (half a second by default) before that (starting, or its group forming or rebalancing
after a kill, a wipe, a new replica), when catch-up is the only path; each wait jittered."""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

import httpx
import pytest

from lianfang_shared.catchup import QUIET_FOR, UNASSIGNED_SHARE, CatchUp
from lianfang_shared.intake import Membership

pytestmark = pytest.mark.unit


def catch_up(membership: Membership) -> CatchUp:
    return CatchUp(
        intake=SimpleNamespace(membership=membership),  # type: ignore[arg-type]
        db=None,  # type: ignore[arg-type]
        upstreams=["registry"],
        feed_url={"registry": "http://127.0.0.1:9/feed"},
        token=lambda: "t",
        interval=5.0,
        page_size=500,
        grace=2.0,
    )


def pauses(c: CatchUp) -> list[float]:
    return [c.pause() for _ in range(200)]


def test_catch_up_passes_often_until_the_group_assigns_the_consumer() -> None:
    membership = Membership()
    c = catch_up(membership)
    assert max(pauses(c)) <= 5.0 * UNASSIGNED_SHARE * 1.5

    asyncio.run(membership.on_partitions_assigned(set()))  # a replica with no partition too
    waits = pauses(c)
    assert min(waits) >= 2.5 and max(waits) <= 7.5
    assert max(waits) - min(waits) > 1  # jittered

    asyncio.run(membership.on_partitions_revoked(set()))  # the group rebalances
    assert max(pauses(c)) <= 5.0 * UNASSIGNED_SHARE * 1.5


def test_a_source_unreachable_for_a_moment_is_no_warning(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first passes of a start fail (the upstream, or in the all-in-one the process's
    own server, not listening yet): logged at INFO; a source failing for ``QUIET_FOR``
    seconds in a row is warned of at each pass, and a pass that succeeds starts it over."""
    c = catch_up(Membership())
    now = [1000.0]
    monkeypatch.setattr("lianfang_shared.catchup.time.monotonic", lambda: now[0])
    monkeypatch.setattr(c, "pause", lambda: 0.0)
    stopping = asyncio.Event()
    # Each pass: seconds after the one before, and whether the source answers.
    passes = [(0.0, False), (10.0, False), (QUIET_FOR - 10, False), (1.0, True), (1.0, False)]

    async def one_pass(source: str) -> int:
        later, answers = passes.pop(0)
        now[0] += later
        if not passes:
            stopping.set()  # the last pass
        if not answers:
            raise httpx.ConnectError("All connection attempts failed")
        return 0

    monkeypatch.setattr(c, "catch_up", one_pass)
    with caplog.at_level(logging.INFO, logger="lianfang_shared.catchup"):
        asyncio.run(c.run(stopping))
    assert [r.levelno for r in caplog.records] == [
        logging.INFO,
        logging.INFO,
        logging.WARNING,  # 30 s in a row
        logging.INFO,  # after a pass that read the feed
    ]
