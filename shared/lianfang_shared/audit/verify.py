"""The verifier: recompute a chain from the events as they are and compare it with the chain
as recorded and with the signed checkpoints; name every place where they part.

The same code checks a live database (``verify_log``) and an exported file (``export``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from lianfang_shared.audit.chain import Link, genesis, link
from lianfang_shared.audit.checkpoint import Checkpoint
from lianfang_shared.audit.report import Finding, Report

__all__ = ["Actual", "Finding", "Report", "Verifier", "merge"]

# An event as found: its position, the digest of its content, and who it is (id, version).
Actual = tuple[int, bytes, tuple[str, int]]


def merge(actual: Iterable[tuple[Any, ...]], links: Iterable[Link]) -> Iterator[tuple[Any, Any]]:
    """Pairs (actual, link) by position; either is None where the other has no partner."""
    a, b = iter(actual), iter(links)
    x, y = next(a, None), next(b, None)
    while x is not None or y is not None:
        if y is None or (x is not None and x[0] < y.position):
            yield x, None
            x = next(a, None)
        elif x is None or y.position < x[0]:
            yield None, y
            y = next(b, None)
        else:
            yield x, y
            x, y = next(a, None), next(b, None)


class Verifier:
    """Walks the events and the recorded links together, in position order."""

    def __init__(
        self,
        service: str,
        checkpoints: Iterable[Checkpoint],
        keys: dict[str, Ed25519PublicKey],
        chain_end: int,
        locate: Callable[[bytes], int | None] = lambda _: None,
        start: tuple[int, bytes, int] | None = None,
        report: Report | None = None,
    ) -> None:
        self.report = report or Report(service)
        after, previous, self.count = start or (0, genesis(service), 0)
        self.actual = self.recorded = previous
        self.chain_end = chain_end
        self.locate = locate
        self.last = after
        self.altered = False
        self.gone: list[Link] = []  # deleted, unless rows follow (then: a truncated tail)
        self.pending_checks: list[Checkpoint] = []
        for cp in sorted(checkpoints, key=lambda c: c.position):
            self.report.checkpoints += 1
            if not cp.valid(keys):
                self.report.add(
                    "bad_signature", cp.position, f"checkpoint {_when(cp)}: {cp.key_id}"
                )
            if cp.position > after:
                self.pending_checks.append(cp)
        self.matched = after  # last checkpoint position that matched

    def run(self, actual: Iterable[Actual], links: Iterable[Link]) -> Report:
        """Verify everything; the report names each difference."""
        for found, recorded in merge(actual, links):
            position = (found or (recorded.position, b"", ("", 0)))[0]
            self._checkpoints(before=position)
            if recorded is not None:
                self._recorded(recorded)
            if found is None:
                self.gone.append(recorded)
                continue
            self._deleted()
            self._found(found, recorded)
        self._finish()
        return self.report

    def _found(self, found: Actual, recorded: Link | None) -> None:
        position, digest, (oid, version) = found
        self.report.events += 1
        self.count += 1
        self.last = position
        self.actual = link(self.actual, position, digest)
        if recorded is None:
            if position <= self.chain_end:
                self.report.add("inserted", position, f"{oid} v{version} was never chained")
            else:
                self.report.pending += 1
        elif digest != recorded.digest:
            was = self.locate(digest)
            if was is not None and was != position:
                self.report.add("reordered", position, f"{oid} v{version} was chained at {was}")
            elif (oid, version) == (recorded.originator_id, recorded.originator_version):
                self.report.add("modified", position, f"{oid} v{version} changed after chaining")
            else:
                who = f"{recorded.originator_id} v{recorded.originator_version}"
                self.report.add("modified", position, f"holds {oid} v{version}, chained: {who}")

    def _recorded(self, recorded: Link) -> None:
        self.report.chained += 1
        if link(self.recorded, recorded.position, recorded.digest) != recorded.hash:
            if not self.altered:
                self.report.add("chain_altered", recorded.position, "the chain table was edited")
            self.altered = True
        self.recorded = recorded.hash

    def _deleted(self) -> None:
        for gone in self.gone:
            who = f"{gone.originator_id} v{gone.originator_version}"
            self.report.add("deleted", gone.position, f"{who} was deleted")
        self.gone = []

    def _checkpoints(self, before: int) -> None:
        while self.pending_checks and self.pending_checks[0].position < before:
            cp = self.pending_checks.pop(0)
            if (self.count, self.actual) == (cp.count, cp.head):
                self.matched = cp.position
                continue
            detail = f"checkpoint {_when(cp)} ({cp.count} events) no longer matches"
            explained = [
                f for f in self.report.findings if self.matched < f.position <= cp.position
            ]
            if explained and self.recorded == cp.head:  # the chain table shows where
                self.report.notes.append(f"{detail}, as the differences before it explain")
                continue
            detail += f"; the difference lies after position {self.matched}"
            if self.recorded != cp.head:
                detail += "; the chain table was rewritten too"
            self.report.add("checkpoint_mismatch", cp.position, detail)

    def _finish(self) -> None:
        beyond = [cp for cp in self.pending_checks if cp.position > self.last]
        self._checkpoints(before=self.last + 1)
        end = max([cp.position for cp in beyond] + [g.position for g in self.gone], default=0)
        if self.gone or any(cp.count > self.count for cp in beyond):
            lost = len(self.gone) or max(cp.count for cp in beyond) - self.count
            where = self.gone[0].position if self.gone else self.last + 1
            detail = f"the log ends at position {self.last}; {lost} events up to {end} are missing"
            self.report.add("truncated", where, detail)
        else:
            for cp in beyond:  # a checkpoint past the end that the rest still matches
                self._checkpoints(before=cp.position + 1)


def _when(cp: Checkpoint) -> str:
    return f"at position {cp.position} signed {cp.made_at.isoformat(timespec='seconds')}"
