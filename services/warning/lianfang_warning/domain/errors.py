"""Domain errors of the warning service (each maps to its HTTP answer)."""

from __future__ import annotations

from lianfang_shared.errors import ChangedConcurrently as ChangedConcurrently
from lianfang_shared.errors import DomainError, NotFound


class SignalNotFound(NotFound):
    """No signal with that id."""


class CaseNotFound(NotFound):
    """No case with that id."""


class WarningNotFound(NotFound):
    """No warning with that id."""


class AnonymousReport(NotFound):
    """The report was made anonymously: there is no identity to read."""


class Forbidden(DomainError):
    """The caller may not do this (outside their department, not assigned, no authority)."""

    status_code = 403


class NotAssigned(Forbidden):
    """Only the office staff assigned to the case may do this."""


class OutsideAuthority(Forbidden):
    """The warning names someone whom the issuer has no authority to warn."""


class OutsideOwnDepartment(Forbidden):
    """A department head acted on another department's warning."""


class UnknownReference(DomainError):
    """A department, person or risk point the request names is not known here."""


class InvalidDeadline(DomainError):
    """A deadline in the past, or a rectification due before the response."""


class IncompleteRecord(DomainError):
    """The disposal record cannot be submitted yet (no action recorded)."""


class InvalidDate(DomainError):
    """A date in the future where only today or earlier makes sense."""
