"""Registry events in: what review keeps of the organisation and how it reacts (one place)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from lianfang_review.application import Review
from lianfang_review.messaging.duties import Duties
from lianfang_review.messaging.reactions import Reactions
from lianfang_review.org import replica as org
from lianfang_shared import replica as departments
from lianfang_shared.consumer import Consumer
from lianfang_shared.contracts import registry as r
from lianfang_shared.envelope import Envelope

Processor = Callable[[Any, Envelope], Sequence[Any]]


def with_stale_commitments(duties: Duties, processor: Processor) -> Processor:
    """The reaction, plus the commitments its flagged points make stale (saved together)."""

    def process(e: Any, env: Envelope) -> Sequence[Any]:
        return duties.with_stale(list(processor(e, env)), env)

    return process


def register(consumer: Consumer) -> None:
    """Keep the organisation replica; flag risk points; owe briefings and commitments."""
    app = consumer.app
    assert isinstance(app, Review)
    app.attach(consumer.db)
    departments.register(consumer)
    for contract, projector in org.PROJECTORS.items():
        consumer.projects(contract)(projector)
    reactions = Reactions(app, consumer.db)
    duties = Duties(reactions)
    for contract, flag in (
        (r.PowerAmended, reactions.when_power_amended_flag_points),
        (r.PowerRetired, reactions.when_power_retired_flag_points),
        (r.ProcessStepChanged, reactions.when_step_changed_flag_points),
        (r.ProcessStepRemoved, reactions.when_step_removed_flag_points),
    ):
        consumer.processes(contract)(with_stale_commitments(duties, flag))
    consumer.processes(r.PersonTransferred)(duties.when_person_transferred_owe_briefing)
    consumer.processes(r.PersonRankChanged)(duties.when_rank_changed_require_commitment)
    consumer.processes(r.PersonAppointed)(duties.when_person_appointed_owe_briefing)
    consumer.processes(r.PersonRelieved)(duties.when_person_relieved_withdraw_briefing)
    consumer.processes(r.PersonLeft)(duties.when_person_left_withdraw_briefings)
