"""The verifier on its own (in memory): each kind of tampering, named at its position."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from lianfang_shared.audit.chain import Link, Row, digest, genesis, link
from lianfang_shared.audit.checkpoint import Checkpoint
from lianfang_shared.audit.report import Report
from lianfang_shared.audit.signing import Signer
from lianfang_shared.audit.verify import Actual, Verifier
from lianfang_shared.audit.when import parse_time
from lianfang_shared.settings import PlatformSettings

pytestmark = pytest.mark.unit
SIGNER = Signer.from_settings(PlatformSettings(environment="test"))
KEYS = {SIGNER.key_id: SIGNER.public}


def rows(n: int) -> list[Row]:
    state = '{{"n":{}}}'
    return [Row(p, f"agg-{p % 3}", p, "mod:T.C", state.format(p).encode()) for p in range(1, n + 1)]


def chain(found: list[Row]) -> list[Link]:
    out, previous = [], genesis("svc")
    for r in found:
        previous = link(previous, r.position, digest(r))
        out.append(Link(r.position, r.originator_id, r.originator_version, digest(r), previous))
    return out


def signed(links: list[Link], position: int) -> Checkpoint:
    at = next(i for i, x in enumerate(links) if x.position == position)
    cp = Checkpoint("svc", position, at + 1, links[at].hash, datetime.now(UTC), SIGNER.key_id)
    return cp.signed(SIGNER)


def check(found: list[Row], links: list[Link], cps: tuple[Checkpoint, ...] = ()) -> Report:
    actual: list[Actual] = [
        (r.position, digest(r), (r.originator_id, r.originator_version)) for r in found
    ]
    where = {x.digest: x.position for x in links}
    end = max((x.position for x in links), default=0)
    return Verifier("svc", cps, KEYS, end, where.get).run(actual, links)


def kinds(report: Report) -> list[tuple[str, int]]:
    return sorted(((f.kind, f.position) for f in report.findings), key=lambda k: k[1])


def test_an_untouched_log_is_clean_and_pending_rows_are_not_findings() -> None:
    found = rows(10)
    links = chain(found[:8])
    report = check(found, links, (signed(links, 8),))
    assert report.ok and (report.events, report.chained, report.pending) == (10, 8, 2)


def moved(r: Row, position: int) -> Row:
    return Row(position, r.originator_id, r.originator_version, r.topic, r.state)


def test_an_edit_and_a_deletion() -> None:
    found = rows(12)
    links = chain(found)
    bad = [r for r in found if r.position != 6]
    bad[2] = Row(3, "agg-0", 3, "mod:T.C", b'{"n":4}')  # one byte of position 3
    report = check(bad, links, (signed(links, 12),))
    assert kinds(report) == [("modified", 3), ("deleted", 6)]
    assert "checkpoint at position 12" in report.notes[0]  # explained by the two above


def test_a_swap_a_cut_tail_and_an_insertion() -> None:
    found = rows(10)
    links = chain(found)
    a, b = found[3], found[4]  # positions 4 and 5 swapped
    swapped = [*found[:3], moved(b, 4), moved(a, 5), *found[5:]]
    assert kinds(check(swapped, links)) == [("reordered", 4), ("reordered", 5)]
    cut = found[:7]
    report = check(cut, links, (signed(links, 10),))
    assert kinds(report) == [("truncated", 8)]
    assert kinds(check(cut, links[:7], (signed(links, 10),))) == [("truncated", 8)]
    gap = [r for r in found if r.position != 6]
    with_gap = chain(gap)
    forged = sorted([*gap, Row(6, "x", 1, "mod:T.C", b"{}")], key=lambda r: r.position)
    assert kinds(check(forged, with_gap)) == [("inserted", 6)]


def test_a_rewritten_chain_is_caught_by_a_checkpoint_and_a_forged_one_by_its_signature() -> None:
    found = rows(10)
    links = chain(found)
    cps = (signed(links, 5), signed(links, 10))
    edited = [*found[:6], Row(7, "agg-1", 7, "mod:T.C", b'{"n":0}'), *found[7:]]
    report = check(edited, chain(edited), cps)
    assert kinds(report) == [("checkpoint_mismatch", 10)]
    assert "after position 5" in report.findings[0].detail
    forged = Checkpoint("svc", 10, 10, links[-1].hash, datetime.now(UTC), SIGNER.key_id, b"x" * 64)
    assert kinds(check(found, links, (forged,))) == [("bad_signature", 10)]
    altered = [*links[:4], Link(5, "a", 5, b"d" * 32, b"h" * 32), *links[5:]]
    assert kinds(check(found, altered)) == [
        ("chain_altered", 5),
        ("modified", 5),
    ]


def test_times_for_as_of_questions() -> None:
    eight = timedelta(hours=8)
    end_of_day = datetime(2026, 6, 30, 15, 59, 59, 999999, tzinfo=UTC)  # 23:59:59.999999 +08:00
    assert parse_time("2026-06-30", "+08:00") == end_of_day
    assert parse_time("2026-06-30T17:00:00", "+08:00").utcoffset() == eight
    assert parse_time("2026-06-30T17:00:00Z", "+08:00").utcoffset() == timedelta(0)
    with pytest.raises(ValueError, match="is not a date"):
        parse_time("30/06/2026", "+08:00")
