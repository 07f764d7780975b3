"""Addresses: whom a notification is for, as text.

``role:<role>``          everyone holding the role (the office: ``role:office``)
``dept_head:<uuid>``     the head of a department (a ``dept_head`` whose token names it)
``person:<uuid>``        a person of the registry (a user whose token names the person)
``user:<id>``            a user of the portal
``leader_in_charge:<uuid>`` the leaders in charge (分管) of a department; resolved to
                         ``person:`` addresses from the organisation replica when sent
"""

from __future__ import annotations

import re

from lianfang_shared.auth import Principal, Role

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_ROLES = "|".join(r.value for r in Role if r is not Role.service)
# What a contact point may be registered for (leaders in charge resolve to persons).
ADDRESS = rf"^(role:({_ROLES})|dept_head:{_UUID}|person:{_UUID}|user:[A-Za-z0-9_.@-]{{1,100}})$"
_ADDRESS = re.compile(ADDRESS)


def valid(address: str) -> bool:
    """True if ``address`` is one a contact point can be registered for."""
    return bool(_ADDRESS.match(address))


def of(principal: Principal) -> list[str]:
    """Every address a signed-in user receives notifications under."""
    found = [f"user:{principal.user_id}", *(f"role:{r.value}" for r in principal.roles)]
    if principal.person_id:
        found.append(f"person:{principal.person_id.lower()}")
    if principal.has(Role.dept_head) and principal.department_id:
        found.append(f"dept_head:{principal.department_id.lower()}")
    return found
