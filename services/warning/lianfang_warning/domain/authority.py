"""Who may warn whom (按照风险防控权限): the approval ladder of DOMAIN.md applied to warnings.

A warning to a department, or naming staff and key-post staff, is the office's to issue; one
naming a middle cadre needs the leader in charge (分管厂领导) of the cadre's department; one
naming a factory leader or the party secretary needs the party committee (厂党委会). A
stronger authority may issue whatever a weaker one may.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from lianfang_warning.domain.errors import OutsideAuthority
from lianfang_warning.domain.vocab import AUTHORITY_ORDER, Authority, label

_BY_RANK = {
    "staff": Authority.office,
    "key_post": Authority.office,
    "middle_cadre": Authority.leader_in_charge,
    "leader": Authority.party_committee,
    "party_secretary": Authority.party_committee,
}


@dataclass(frozen=True)
class Named:
    """A person a warning names: rank and the departments they work in."""

    person_id: UUID
    name: str
    rank: str
    department_ids: frozenset[UUID]


@dataclass(frozen=True)
class Issuer:
    """What the issuing user can act as: roles, and the departments they are in charge of."""

    office: bool
    party_committee: bool
    in_charge_of: frozenset[UUID]


def needed(person: Named) -> Authority:
    """The authority a warning naming ``person`` needs."""
    return _BY_RANK.get(person.rank, Authority.office)


def check_authority(issuer: Issuer, department_id: UUID, named: Iterable[Named]) -> Authority:
    """The authority the issuer acts with; OutsideAuthority naming whom they may not warn."""
    named = list(named)
    if not _may(issuer, Authority.office, frozenset(), department_id):
        raise _outside("该部门", Authority.office)
    for person in named:
        if not _may(issuer, needed(person), person.department_ids, department_id):
            raise _outside(f"“{person.name}”", needed(person))
    want = max([Authority.office, *map(needed, named)], key=AUTHORITY_ORDER.index)
    held = {
        Authority.office: issuer.office,
        Authority.leader_in_charge: bool(issuer.in_charge_of),
        Authority.party_committee: issuer.party_committee,
    }
    return next(a for a in AUTHORITY_ORDER[AUTHORITY_ORDER.index(want) :] if held[a])


def _outside(who: str, want: Authority) -> OutsideAuthority:
    return OutsideAuthority(
        f"预警{who}需要{label(want)}的权限（needs the authority of the {label(want, 'en')}）"
    )


def _may(issuer: Issuer, want: Authority, departments: frozenset[UUID], warned: UUID) -> bool:
    if issuer.party_committee:
        return True
    if want == Authority.office:
        return issuer.office or warned in issuer.in_charge_of
    if want == Authority.leader_in_charge:
        return bool((departments or frozenset({warned})) & issuer.in_charge_of)
    return False
