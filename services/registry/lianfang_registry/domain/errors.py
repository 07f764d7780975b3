"""Domain errors shared by the registry's aggregates."""

from __future__ import annotations

from lianfang_shared.errors import ChangedConcurrently as ChangedConcurrently
from lianfang_shared.errors import DomainError


class OutsideOwnDepartment(DomainError):
    """A department head acted on another department's powers."""

    status_code = 403
