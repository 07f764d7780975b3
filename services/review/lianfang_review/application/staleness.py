"""Commitments go stale when what they list changes: every save of risk points is looked at,
and the commitments the change concerns are marked stale in the same transaction.

A listed point reopened (its grade, measures, content or power changed, or the registry
changed something under it) or merged makes the commitments listing it stale; a point newly
approved makes stale the commitments it applies to that do not list that version.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from lianfang_review.application.commitments import CommitmentCases
from lianfang_review.domain.commitment import Commitment
from lianfang_review.domain.risk_point import RiskPoint
from lianfang_review.domain.terms import StaleCause
from lianfang_review.projections import staleness
from lianfang_review.projections.duties import DUTIES_PROJECTION


class StalenessCases(CommitmentCases):
    """``store`` with the commitments a change of risk points makes stale."""

    def store(self, *aggregates: Any) -> None:
        super().store(*aggregates, *self.consequences(list(aggregates), self.today()))

    def consequences(self, aggregates: list[Any], on: date) -> list[Commitment]:
        """The commitments (loaded, marked stale) that changes of these points concern."""
        changes: dict[UUID, tuple[str, str]] = {}
        approved: list[RiskPoint] = []
        for a in aggregates:
            if not isinstance(a, RiskPoint):
                continue
            kinds = {type(e).__name__: e for e in a.pending_events}
            if "Reopened" in kinds or "Merged" in kinds:
                changes[a.id] = _why(a, kinds.get("Reopened"))
            if "Approved" in kinds:
                approved.append(a)
        if not changes and not approved:
            return []
        self.wait_for_projection(DUTIES_PROJECTION)
        found: dict[UUID, tuple[str, str]] = {}
        for point_id, persons in staleness.listing(self.org.db, list(changes)).items():
            found |= dict.fromkeys(persons, changes[point_id])
        for p in approved:
            owner = {"scope": p.scope.value, "person": p.person_id, "post": p.post_id,
                     "point": p.id}  # fmt: skip
            why = (StaleCause.risk_points_changed.value, f"风险点“{p.description}”已审核")
            for person in staleness.concerned(self.org.db, owner, p.approved_version or 0, on):
                found.setdefault(person, why)
        return self.mark_stale(found, on, [a for a in aggregates if isinstance(a, Commitment)])

    def mark_stale(
        self, found: dict[UUID, tuple[str, str]], on: date, loaded: list[Commitment]
    ) -> list[Commitment]:
        """Mark each person's commitment stale (those already loaded are reused)."""
        by_id = {c.id: c for c in loaded}
        renew_by = on + timedelta(days=self.settings.commitment_renew_days)
        out = []
        for person, (cause, reason) in found.items():
            c = by_id.get(Commitment.create_id(person)) or self.commitment(person)
            if c.require_new(cause, reason, renew_by, None, "risk_points") and c.id not in by_id:
                out.append(c)
        return out


def _why(point: RiskPoint, reopened: Any) -> tuple[str, str]:
    """The cause and reason of a listed point's change, in words."""
    if reopened is not None and reopened.reason == "measures":
        return StaleCause.measures_changed.value, f"风险点“{point.description}”的防控措施已变更"
    if reopened is None:
        return StaleCause.risk_points_changed.value, f"风险点“{point.description}”已合并"
    return StaleCause.risk_points_changed.value, f"风险点“{point.description}”已变更，需重新审核"
