"""How long catch-up waits between passes: its interval once the consumer holds its share of
the group's partitions (even none, as a replica beyond the partition count), and a tenth of
it (half a second by default) before that (starting, or its group forming or rebalancing
after a kill, a wipe, a new replica), when catch-up is the only path; each wait jittered."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from lianfang_shared.catchup import UNASSIGNED_SHARE, CatchUp
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
