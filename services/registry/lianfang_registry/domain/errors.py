"""Domain errors shared by the registry's aggregates."""

from __future__ import annotations

from lianfang_shared.errors import Conflict, DomainError


class OutsideOwnDepartment(DomainError):
    """A department head acted on another department's powers."""

    status_code = 403


class ChangedConcurrently(Conflict):
    """Someone else changed the same thing at the same moment; read it again and retry."""
