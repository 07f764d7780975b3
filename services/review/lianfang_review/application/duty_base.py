"""What the use cases of commitments, briefings, publication and inspections share: the
settings, the clock, waiting for a read model, the approved content of risk points."""

from __future__ import annotations

import logging
import time
from datetime import date, timedelta
from typing import Any

from lianfang_review.application.base import ENVELOPE_ATTRS, ReviewBase
from lianfang_review.clock import CLOCK
from lianfang_review.config import ReviewSettings
from lianfang_review.domain.vocab import MeasureStatus
from lianfang_review.projections import content
from lianfang_shared.persistence import event_metadata

log = logging.getLogger(__name__)
# How long a use case waits for a read model to include every saved event.
READ_MODEL_WAIT = 10.0


def days_after(day: date, days: int) -> date:
    """``day`` + ``days``, at most the last day Python holds: a day at the end of the calendar
    (registry's events may carry 9999-12-31, from before its bodies were bounded) is logged, not
    a crash of the consumer."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        log.warning("%s + %s days is past the calendar; %s instead", day, days, date.max)
        return date.max


class DutyBase(ReviewBase):
    """Settings, today's date in the factory's zone, read models, approved content."""

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        self.settings = ReviewSettings()

    def today(self) -> date:
        """Today in the factory's time zone (the clock tests move)."""
        return CLOCK.today(self.settings.zone)

    def aggregate_history(self, aggregate_id: Any) -> list[dict[str, Any]]:
        """Every event of an aggregate: what, when, who, with what data."""
        return [
            {
                "version": e.originator_version,
                "event": type(e).__name__,
                "at": e.timestamp,
                "actor": event_metadata(e).get("actor", "system"),
                "data": {k: v for k, v in vars(e).items() if k not in ENVELOPE_ATTRS},
            }
            for e in self.events_of(aggregate_id)
        ]

    def is_history(self, effective_on: date, recorded_on: date) -> bool:
        """True for a posting recorded long after it took effect (an import of the past)."""
        return effective_on < recorded_on - timedelta(days=self.settings.briefing_backfill_days)

    def wait_for_projection(self, name: str) -> None:
        """Block until the read model ``name`` has applied everything saved so far."""
        head = self.recorder.max_notification_id() or 0
        deadline = time.monotonic() + READ_MODEL_WAIT
        while True:
            with self.org.db.transaction() as conn:
                row = conn.execute(
                    "SELECT position FROM projection_position WHERE projection = %s", (name,)
                ).fetchone()
            if (row["position"] if row else 0) >= head:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"the {name} read model is behind; try again")
            time.sleep(0.02)

    def approved_items(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Each point (``id``, ``approved_version``) as it was approved: what it says, its
        grade and its live measures."""
        items = []
        for row in rows:
            p = self.get_point(row["id"], row["approved_version"])
            items.append(
                {
                    "risk_point_id": p.id,
                    "version": row["approved_version"],
                    "scope": p.scope.value,
                    "category": p.category.value,
                    "description": p.description,
                    "grade": p.grade.value if p.grade else None,
                    "department_id": p.department_id,
                    "post_id": p.post_id,
                    "person_id": p.person_id,
                    "power_id": p.power_id,
                    "measures": [
                        {"measure_id": m["id"], "text": m["text"], "type": m["type"],
                         "stage": m["stage"], "responsible_person_id": m["responsible_person_id"],
                         "due_on": m["due_on"]}
                        for m in p.measures
                        if m["status"] != MeasureStatus.cancelled.value
                    ],
                }
            )  # fmt: skip
        return items

    def applicable_items(
        self, person_ids: list[Any], post_ids: list[Any], ranks: set[str]
    ) -> list[dict[str, Any]]:
        """The approved points that apply to some persons holding some posts."""
        return self.approved_items(content.points_for(self.org.db, person_ids, post_ids, ranks))
