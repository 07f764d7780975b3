"""The approval ladder (审核): who approves a risk point follows its owner's rank and scope.

Key-post staff (and other staff) → the department meeting (部门主持会议审核); middle cadres →
the leader in charge of the department (分管厂领导); factory leaders, and the common points the
office gathers for the factory → the party committee (厂党委会).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from lianfang_review.domain.errors import MeasuresInsufficient, NoApprover
from lianfang_review.domain.vocab import COMMON, ApproverRole, Grade, MeasureStatus, Scope

LEADING = ("leader", "party_secretary")
# Ranks from low to high; a post's owner is its highest-ranking holder.
RANKS = ("staff", "key_post", "middle_cadre", "leader", "party_secretary")


def highest(ranks: list[str]) -> str | None:
    """The highest of some ranks (None for none)."""
    known = [r for r in ranks if r in RANKS]
    return max(known, key=RANKS.index) if known else None


def route_for(
    scope: Scope, department_id: UUID | None, owner_rank: str | None, leaders: list[UUID]
) -> dict[str, Any]:
    """Whom a point goes to: a role, the meeting's department, or the leaders in charge."""
    if scope in (*COMMON, Scope.leader) or owner_rank in LEADING:
        return _route(ApproverRole.party_committee, None, [], owner_rank)
    if owner_rank == "middle_cadre":
        if not leaders:
            raise NoApprover(
                "no leader is in charge of the owning department; the registry must name one"
            )
        return _route(ApproverRole.leader_in_charge, None, leaders, owner_rank)
    return _route(ApproverRole.department_meeting, department_id, [], owner_rank)


def _route(
    role: ApproverRole, department_id: UUID | None, persons: list[UUID], rank: str | None
) -> dict[str, Any]:
    return {
        "role": role.value,
        "department_id": department_id,
        "person_ids": list(persons),
        "owner_rank": rank,
    }


def check_measures(grade: str, measures: list[dict[str, Any]], rules: dict[str, Any]) -> None:
    """The grade's rule: at least ``min_measures`` measures (not cancelled), with every one of
    ``required_types`` among them."""
    rule = rules.get(Grade(grade).value) or {"min_measures": 0, "required_types": []}
    live = [m for m in measures if m["status"] != MeasureStatus.cancelled.value]
    if len(live) < rule["min_measures"]:
        raise MeasuresInsufficient(
            f"a {grade} risk needs at least {rule['min_measures']} control measures; "
            f"it has {len(live)}"
        )
    missing = [t for t in rule["required_types"] if t not in {m["type"] for m in live}]
    if missing:
        raise MeasuresInsufficient(f"a {grade} risk needs a measure of type {', '.join(missing)}")
