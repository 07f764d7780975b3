"""Verifying a service's log in PostgreSQL: one snapshot of events, chain and checkpoints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lianfang_shared.audit import checkpoint
from lianfang_shared.audit.chain import digest
from lianfang_shared.audit.checkpoint import Checkpoint
from lianfang_shared.audit.log import EventLog
from lianfang_shared.audit.report import Report
from lianfang_shared.audit.signing import trusted_keys
from lianfang_shared.audit.verify import Verifier
from lianfang_shared.persistence import Database
from lianfang_shared.settings import PlatformSettings


def verify_log(
    db: Database, log_: EventLog, platform: PlatformSettings, published: Sequence[Checkpoint] = ()
) -> Report:
    """Recompute the chain from the events table in one snapshot and report every difference."""
    with db.transaction() as conn:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        absent = _absent(conn, log_)
        if absent is not None:
            return absent
        stored = {cp.position: cp for cp in checkpoint.stored(conn, log_)}
        differs = {}
        for cp in published:  # what was published wins over what the table holds now
            if stored.get(cp.position) != cp:
                differs[cp.position] = "removed" if cp.position not in stored else "altered"
                stored[cp.position] = cp
        chain_end, _ = log_.head(conn)
        verifier = Verifier(
            log_.service,
            stored.values(),
            trusted_keys(platform),
            chain_end,
            lambda d: log_.position_of(conn, d),
        )
        actual = (
            (r.position, digest(r), (r.originator_id, r.originator_version))
            for r in log_.stream_rows(conn)
        )
        report = verifier.run(actual, log_.stream_links(conn))
    for position, how in differs.items():
        report.add(f"checkpoint_{how}", position, f"published on Kafka, {how} in the table")
    if published:
        report.notes.append(f"{len(published)} checkpoints read back from Kafka")
    return report


def _absent(conn: Any, log_: EventLog) -> Report | None:
    """A report when the events table or the chain is missing (None when both are there)."""
    found = conn.execute(
        "SELECT to_regclass(%s) AS events, to_regclass(%s) AS chain",
        (f'"{log_.schema}"."{log_.table}"', f'"{log_.schema}".audit_chain'),
    ).fetchone()
    if found["events"] is not None and found["chain"] is not None:
        return None
    report = Report(log_.service)
    if found["events"] is None and found["chain"] is None:
        report.notes.append("no event log in this database (the service never ran here)")
    elif found["chain"] is None:
        report.add("chain_missing", 0, "the events table has no audit chain beside it")
    else:
        report.add("log_missing", 0, "the chain exists but the events table is gone")
    return report
