"""Domain errors of the review service (mapped to HTTP by lianfang_shared.errors)."""

from __future__ import annotations

from typing import Any

from lianfang_shared.errors import ChangedConcurrently as ChangedConcurrently
from lianfang_shared.errors import Conflict, DomainError, NotFound


class RiskPointNotFound(NotFound):
    """No risk point with that id."""


class MeasureNotFound(NotFound):
    """No control measure with that id on this risk point."""


class MeetingNotFound(NotFound):
    """No department meeting with that id."""


class ScoringModelVersionNotFound(NotFound):
    """The scoring model has no such version."""


class Forbidden(DomainError):
    """The caller's role or department does not allow this action on this risk point."""

    status_code = 403


class LifecycleError(Conflict):
    """The action does not fit where the risk point is (e.g. approving a draft)."""


class NotReady(Conflict):
    """A step before this one is missing (self-assessment, the office's grade)."""


class NothingChanged(DomainError):
    """A change that changes nothing."""


class UnknownReference(DomainError):
    """The request names a department, post, person, power or step review does not know."""


class NoApprover(Conflict):
    """The approval ladder finds nobody to approve (e.g. no leader in charge of the department)."""


class MeasuresInsufficient(DomainError):
    """The grade's measure rule is not met (e.g. a high risk without a supervision measure)."""


class MeetingRejected(DomainError):
    """A department meeting that cannot approve: members missing, or not of the department."""

    def __init__(self, message: str, missing: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.missing = missing or []


class CommitmentNotFound(NotFound):
    """The person has no integrity commitment (or no such version of it)."""


class BriefingNotFound(NotFound):
    """No briefing with that id."""


class PublicationNotFound(NotFound):
    """No published list with that id."""


class InspectionNotFound(NotFound):
    """No inspection with that id (or no such finding on it)."""


class AssessmentNotFound(NotFound):
    """No annual assessment of that department and year."""


class NoRecipient(Conflict):
    """Nobody to commit to (e.g. no leader in charge of a middle cadre's department)."""


class OutOfTurn(Conflict):
    """The step does not fit where the commitment, briefing or inspection is."""


class BadTemplate(DomainError):
    """A commitment template that does not render (syntax, unknown names)."""


class InvalidRequest(DomainError):
    """The request is well-formed but does not make sense (a date in the future, no one)."""
