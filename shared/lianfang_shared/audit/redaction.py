"""Secret fields: what a history, state, timeline or export leaves out unless the viewer may see it.

A service marks fields of an event class (for histories and exports) or of an aggregate class
(for states as of a time) as secret, with who may see them; by default nobody, auditors
included. The warning service plugs in the whistleblower's identity like this::

    mark_secret(Report.Filed, "reporter_name", "reporter_phone", visible_to=handles_the_case)

``visible_to(viewer, obj)`` gets the viewer (None in exports made without one) and the event
or aggregate. An event with hidden fields is exported without its stored bytes (only its
digest), so the secret never leaves the service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lianfang_shared.auth import Principal

Visibility = Callable[[Principal | None, Any], bool]


def nobody(viewer: Principal | None, obj: Any) -> bool:
    """The default: no viewer sees a secret field."""
    return False


@dataclass(frozen=True)
class Secret:
    """Fields of one class and who may see them."""

    fields: frozenset[str]
    visible_to: Visibility


_SECRETS: dict[type, Secret] = {}


def mark_secret(cls: type, *fields: str, visible_to: Visibility = nobody) -> None:
    """Declare ``fields`` of ``cls`` (and its subclasses) secret."""
    _SECRETS[cls] = Secret(frozenset(fields), visible_to)


def unmark(cls: type) -> None:
    """Forget the secret fields of ``cls`` (tests)."""
    _SECRETS.pop(cls, None)


def hidden_fields(obj: Any, viewer: Principal | None) -> frozenset[str]:
    """The fields of ``obj`` the viewer may not see."""
    hidden: set[str] = set()
    for klass in type(obj).__mro__:
        secret = _SECRETS.get(klass)
        if secret is not None and not secret.visible_to(viewer, obj):
            hidden |= secret.fields
    return frozenset(hidden)


def redact(data: dict[str, Any], hidden: frozenset[str]) -> dict[str, Any]:
    """``data`` without the hidden fields."""
    return {k: v for k, v in data.items() if k not in hidden}
