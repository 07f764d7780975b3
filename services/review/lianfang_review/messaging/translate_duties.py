"""Domain event → contract for commitments, their template and briefings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lianfang_review.domain.briefing import Briefing, BriefingDue
from lianfang_review.domain.commitment import Commitment
from lianfang_review.domain.letter_template import CommitmentTemplate
from lianfang_shared.contracts import IntegrationEvent
from lianfang_shared.contracts import review as c

Translation = Callable[[Any], IntegrationEvent]


def _commitment(cls: type[c.CommitmentEvent], **fields: Callable[[Any], Any]) -> Translation:
    """A commitment contract: the commitment, whose it is, and ``fields`` of the event."""
    return lambda e: cls(
        commitment_id=e.originator_id, **e.route, **{k: f(e) for k, f in fields.items()}
    )


def _generated(e: Any) -> IntegrationEvent:
    content = e.content
    recipient = {k: content["recipient"][k] for k in ("role", "department_id", "person_ids")}
    return c.CommitmentGenerated(
        commitment_id=e.originator_id,
        person_id=content["person"]["id"],
        department_id=e.department_id,
        version=e.version,
        rank=content["rank"],
        recipient=c.Recipient(**recipient),
        risk_point_ids=[i["risk_point_id"] for i in content["items"]],
        template_version=content["template_version"],
        digest=e.digest,
    )


def _due(cls: type[c.BriefingDueEvent], **fields: Callable[[Any], Any]) -> Translation:
    """A contract of a briefing owed: whose, which post, due when, and ``fields``."""
    return lambda e: cls(**e.route, **{k: f(e) for k, f in fields.items()})


TRANSLATIONS: dict[type, Translation] = {
    Commitment.Generated: _generated,
    Commitment.WentStale: lambda e: c.CommitmentStale(
        commitment_id=e.originator_id,
        **e.route,
        cause=e.cause,
        reason=e.reason,
        renew_by=e.renew_by,
        version=e.version,
    ),
    Commitment.Signed: _commitment(
        c.CommitmentSigned,
        version=lambda e: e.version,
        digest=lambda e: e.digest,
        signed_on=lambda e: e.signed_on,
        valid_until=lambda e: e.valid_until,
    ),
    Commitment.Received: _commitment(
        c.CommitmentReceived, version=lambda e: e.version, received_on=lambda e: e.received_on
    ),
    Commitment.Publicised: _commitment(
        c.CommitmentPublicised,
        version=lambda e: e.version,
        start_on=lambda e: e.start_on,
        end_on=lambda e: e.end_on,
    ),
    Commitment.RenewalDue: _commitment(
        c.CommitmentRenewalDue, version=lambda e: e.version, renew_by=lambda e: e.valid_until
    ),
    CommitmentTemplate.Published: lambda e: c.CommitmentTemplatePublished(
        version=e.version, note=e.note
    ),
    BriefingDue.Owed: lambda e: c.BriefingOwed(
        person_id=e.person_id,
        post_id=e.post_id,
        department_id=e.department_id,
        due_on=e.due_on,
        effective_on=e.effective_on,
        cause=e.cause,
    ),
    BriefingDue.Overdue: _due(c.BriefingOverdue, overdue_on=lambda e: e.overdue_on),
    BriefingDue.Met: _due(
        c.BriefingAcknowledged, briefing_id=lambda e: e.briefing_id, met_on=lambda e: e.met_on
    ),
    BriefingDue.Withdrawn: _due(c.BriefingWithdrawn, reason=lambda e: e.reason),
    Briefing.Held: lambda e: c.BriefingHeld(
        briefing_id=e.originator_id,
        level=e.level,
        department_id=e.department_id,
        unit=e.unit,
        post_ids=e.post_ids,
        person_ids=e.audience,
        held_on=e.held_on,
        risk_point_ids=[i["risk_point_id"] for i in e.items],
    ),
    Briefing.Acknowledged: lambda e: c.BriefingKnowingsAcknowledged(
        briefing_id=e.originator_id,
        person_id=e.person_id,
        department_id=e.department_id,
        knowings=e.knowings,
        complete=e.complete,
    ),
}
