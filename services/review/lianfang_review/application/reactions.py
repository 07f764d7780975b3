"""Use case of the registry reactions: mark the risk points a registry change affects."""

from __future__ import annotations

import time
from typing import Any

from lianfang_review.application.approvals import ApprovalCases
from lianfang_review.domain.risk_point import RiskPoint
from lianfang_review.domain.vocab import Status
from lianfang_review.projections.points import POINTS_PROJECTION

# How long a reaction waits for the risk-point read model to include every saved event.
READ_MODEL_WAIT = 10.0


class ReactionCases(ApprovalCases):
    """Dynamic management (动态管理): a power, a step or a person changed; revisit the points."""

    def affected(self, column: str, value: Any) -> list[RiskPoint]:
        """Points (not merged) whose ``column`` (power_id, step_id, person_id) is ``value``."""
        assert column in ("power_id", "step_id", "person_id")
        self.wait_for_read_model()
        with self.org.db.transaction() as conn:
            rows = conn.execute(
                f"SELECT id FROM risk_point_list WHERE {column} = %s AND status <> %s ORDER BY id",
                (value, Status.merged.value),
            ).fetchall()
        return [self.get_point(r["id"]) for r in rows]

    def flag(
        self, points: list[RiskPoint], cause: str, reason: str, source_event_id: str
    ) -> list[RiskPoint]:
        """Mark each point "needs re-review" (the caller saves them with its inbox record)."""
        for point in points:
            if point.status is not Status.merged:
                point.flag_for_re_review(cause, reason, source_event_id)
        return points

    def wait_for_read_model(self) -> None:
        """Block until the risk-point read model has applied everything saved so far."""
        head = self.recorder.max_notification_id() or 0
        deadline = time.monotonic() + READ_MODEL_WAIT
        while True:
            with self.org.db.transaction() as conn:
                row = conn.execute(
                    "SELECT position FROM projection_position WHERE projection = %s",
                    (POINTS_PROJECTION,),
                ).fetchone()
            if (row["position"] if row else 0) >= head:
                return
            if time.monotonic() > deadline:
                raise TimeoutError("the risk-point read model is behind; try again")
            time.sleep(0.02)
