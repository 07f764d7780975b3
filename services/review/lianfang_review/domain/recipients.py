"""To whom a person commits (分级管理): key-post staff to the department leadership, middle
cadres to the leader in charge, members of the factory leadership to the party secretary (and
the party secretary to the party organisation above). Who must commit at all."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from lianfang_review.domain.errors import NoRecipient
from lianfang_review.domain.terms import RecipientRole

# Ranks that commit whatever post they hold; staff commit when they hold a key post.
COMMITTING_RANKS = ("key_post", "middle_cadre", "leader", "party_secretary")


def must_commit(rank: str | None, holds_key_post: bool) -> bool:
    """True if the person owes an integrity commitment."""
    return rank in COMMITTING_RANKS or holds_key_post


def recipient_for(
    rank: str,
    department: dict[str, Any] | None,
    leaders: list[dict[str, Any]],
    secretaries: list[dict[str, Any]],
    person_id: UUID,
) -> dict[str, Any]:
    """The recipient of a commitment by the owner's rank (NoRecipient if nobody)."""
    if rank == "party_secretary":
        return _to(RecipientRole.superior_party_organisation, None, [])
    if rank == "leader":
        others = [s for s in secretaries if s["id"] != person_id]
        if not others:
            raise NoRecipient("no party secretary is registered to receive the commitment")
        return _to(RecipientRole.party_secretary, None, others)
    if rank == "middle_cadre":
        if not leaders:
            raise NoRecipient(
                "no leader is in charge of the person's department; the registry must name one"
            )
        return _to(RecipientRole.leader_in_charge, department, leaders)
    if department is None:
        raise NoRecipient("the person holds no post: no department leadership to commit to")
    return _to(RecipientRole.department_leadership, department, [])


def _to(
    role: RecipientRole, department: dict[str, Any] | None, persons: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "role": role.value,
        "department_id": department["id"] if department else None,
        "department_name": department["name"] if department else None,
        "person_ids": [p["id"] for p in persons],
        "person_names": [p["name"] for p in persons],
    }
