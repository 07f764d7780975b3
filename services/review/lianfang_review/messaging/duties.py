"""Registry events in, for people's duties: a person appointed or transferred owes a briefing
for the new post and (if they must commit) a new commitment; a post ended or a person gone owes
nothing more; a new rank makes a commitment stale.

Each reaction is saved with its inbox record in one transaction, with the risk points it
flags and the commitments those make stale. Dates come from the event (when it took effect,
when the registry recorded it), so applying it again later decides the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from lianfang_review.application import Review
from lianfang_review.messaging.reactions import Reactions
from lianfang_review.org import replica as org
from lianfang_shared.contracts import registry as r
from lianfang_shared.envelope import Envelope


class Duties:
    """The duty reactions of one review Application (``when_<event>_<action>``)."""

    def __init__(self, reactions: Reactions) -> None:
        self.reactions = reactions
        self.app: Review = reactions.app

    def _day(self, env: Envelope) -> date:
        """The day the registry recorded the change, in the factory's zone."""
        return env.time.astimezone(self.app.settings.zone).date()

    def with_stale(self, aggregates: list[Any], env: Envelope) -> Sequence[Any]:
        return [*aggregates, *self.app.consequences(aggregates, self._day(env))]

    def when_person_appointed_owe_briefing(
        self, e: r.PersonAppointed, env: Envelope
    ) -> Sequence[Any]:
        self.reactions._replica(org.when_appointed, e, env)
        return self.app.take_up_post(
            e.person_id, e.post_id, e.department_id, e.effective_on, False, env.id, self._day(env)
        )

    def when_person_transferred_owe_briefing(
        self, e: r.PersonTransferred, env: Envelope
    ) -> Sequence[Any]:
        points = list(self.reactions.when_person_transferred_flag_points(e, env))
        day = self._day(env)
        left = self.app.leave_post(e.person_id, e.from_post_id, e.effective_on, env.id, day)
        taken = self.app.take_up_post(
            e.person_id, e.to_post_id, e.to_department_id, e.effective_on, True, env.id, day
        )
        owed = {a.id: a for a in (*left, *taken)}  # the commitment once, as last changed
        return self.with_stale([*points, *owed.values()], env)

    def when_rank_changed_require_commitment(
        self, e: r.PersonRankChanged, env: Envelope
    ) -> Sequence[Any]:
        points = list(self.reactions.when_rank_changed_flag_points(e, env))
        stale = self.app.change_of_rank(e.person_id, e.rank, env.id, self._day(env))
        return self.with_stale([*points, *stale], env)

    def when_person_relieved_withdraw_briefing(
        self, e: r.PersonRelieved, env: Envelope
    ) -> Sequence[Any]:
        self.reactions._replica(org.when_relieved, e, env)
        return self.app.leave_post(e.person_id, e.post_id, e.effective_on, env.id, self._day(env))

    def when_person_left_withdraw_briefings(self, e: r.PersonLeft, env: Envelope) -> Sequence[Any]:
        self.reactions._replica(org.when_left, e, env)
        return self.app.leave_factory(e.person_id, e.effective_on)
