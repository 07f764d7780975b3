"""Whistleblowers' identities sealed at rest: AES-256-GCM, bound to the signal they belong to.

A sealed identity reads ``v1.<key id>.<base64 nonce+ciphertext>`` (``lianfang_shared.sealing``);
the associated data is the signal's id, so a sealed value copied onto another signal does not
open. Only the sealed form is ever stored (in the signal's event); the plain identity exists
in memory while a report is recorded and while an assigned handler reads it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from uuid import UUID

from lianfang_shared.errors import DomainError
from lianfang_shared.sealing import Sealer, Unsealable


class IdentityUnreadable(DomainError):
    """The sealed identity does not open with any configured key."""

    status_code = 500


@dataclass(frozen=True)
class Reporter:
    """Who reported (信访举报人); never logged, published, listed or exported."""

    name: str = field(repr=False)
    contact: str = field(default="", repr=False)
    organisation: str = field(default="", repr=False)
    note: str = field(default="", repr=False)

    def to_json(self) -> dict[str, str]:
        """The fields, for sealing."""
        return {
            "name": self.name,
            "contact": self.contact,
            "organisation": self.organisation,
            "note": self.note,
        }


class IdentityVault:
    """Seals with the current key; opens with the current or an earlier one."""

    def __init__(self, keys: list[bytes]) -> None:
        self._sealer = Sealer(keys, "identity")

    def seal(self, reporter: Reporter, signal_id: UUID) -> str:
        """The sealed form of ``reporter`` for the signal ``signal_id``."""
        plain = json.dumps(reporter.to_json(), ensure_ascii=False).encode()
        return self._sealer.seal(plain, signal_id.bytes)

    def open(self, sealed: str, signal_id: UUID) -> Reporter:
        """The identity sealed for ``signal_id``; IdentityUnreadable if no key opens it."""
        try:
            plain = self._sealer.open(sealed, signal_id.bytes)
        except Unsealable:
            raise IdentityUnreadable(
                "the reporter's identity cannot be opened with the configured keys"
            ) from None
        return Reporter(**json.loads(plain))
