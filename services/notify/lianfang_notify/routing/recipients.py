"""From a rule's recipients to addresses: first as named by the event, then resolved.

Leaders in charge stay ``leader_in_charge:<department>`` until a message is filed, so a
reminder due next month reaches whoever is in charge then.
"""

from __future__ import annotations

from typing import Any

import psycopg

from lianfang_notify.routing.data import ids
from lianfang_notify.rules.model import Recipient
from lianfang_notify.store.organisation import is_uuid, leaders_of

PREFIX = {
    "department_head": "dept_head",
    "leader_in_charge": "leader_in_charge",
    "person": "person",
    "user": "user",
}


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def named(recipients: list[Recipient], data: dict[str, Any]) -> list[str]:
    """The addresses the event names for ``recipients`` (leaders in charge unresolved)."""
    found: list[str] = []
    for r in recipients:
        if r.kind == "role":
            assert r.role is not None
            found.append(f"role:{r.role.value}")
            continue
        assert r.field is not None
        values = ids(data, r.field)
        if r.kind != "user":
            values = [v for v in values if is_uuid(v)]
        found += [f"{PREFIX[r.kind]}:{v}" for v in values]
    return _unique(found)


def resolve(conn: psycopg.Connection[Any], addresses: list[str]) -> list[str]:
    """Concrete addresses: each leader-in-charge address becomes the leaders' persons."""
    found: list[str] = []
    for address in addresses:
        kind, _, value = address.partition(":")
        if kind == "leader_in_charge":
            found += [f"person:{p}" for p in leaders_of(conn, value)]
        else:
            found.append(address)
    return _unique(found)
