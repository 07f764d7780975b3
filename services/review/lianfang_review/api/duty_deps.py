"""Who reads commitments, briefings, coverage and inspections, and what each sees."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends

from lianfang_review.api.deps import _uuid
from lianfang_shared.auth import CurrentUser, Role, require

# Everyone with a part in integrity work reads these; admins and services do not.
DUTY_READERS: Any = require(
    Role.office,
    Role.dept_head,
    Role.dept_staff,
    Role.middle_cadre,
    Role.leader,
    Role.party_committee,
    Role.party_secretary,
    Role.discipline,
    Role.auditor,
)
# Those who oversee: coverage, inspections, assessments, rotation watch.
OVERSEERS: Any = require(
    Role.office,
    Role.discipline,
    Role.leader,
    Role.party_committee,
    Role.party_secretary,
    Role.auditor,
    Role.dept_head,
)
WIDE = (
    Role.office,
    Role.leader,
    Role.party_committee,
    Role.party_secretary,
    Role.discipline,
    Role.auditor,
)


def department_scope(user: CurrentUser) -> UUID | None:
    """The department a caller sees (None: all). Department people see their own."""
    if user.has(*WIDE):
        return None
    return _uuid(user.department_id) or UUID(int=0)


ScopeDep = Annotated[UUID | None, Depends(department_scope)]
