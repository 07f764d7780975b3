"""Whistleblowers' identities sealed at rest: AES-256-GCM, bound to the signal they belong to.

A sealed identity reads ``v1.<key id>.<base64 nonce+ciphertext>``; the associated data is the
signal's id, so a sealed value copied onto another signal does not open. Only the sealed form
is ever stored (in the signal's event); the plain identity exists in memory while a report is
recorded and while an assigned handler reads it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass, field
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from lianfang_shared.errors import DomainError

_VERSION = "v1"


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


def key_id(key: bytes) -> str:
    """A short, public name of a key (to find the right one after a rotation)."""
    return hashlib.sha256(b"lianfang-identity-key:" + key).hexdigest()[:8]


class IdentityVault:
    """Seals with the current key; opens with the current or an earlier one."""

    def __init__(self, keys: list[bytes]) -> None:
        if not keys:
            raise ValueError("the vault needs a key")
        self._current = keys[0]
        self._keys = {key_id(k): AESGCM(k) for k in keys}

    def seal(self, reporter: Reporter, signal_id: UUID) -> str:
        """The sealed form of ``reporter`` for the signal ``signal_id``."""
        nonce = os.urandom(12)
        plain = json.dumps(reporter.to_json(), ensure_ascii=False).encode()
        sealed = AESGCM(self._current).encrypt(nonce, plain, signal_id.bytes)
        blob = base64.b64encode(nonce + sealed).decode()
        return f"{_VERSION}.{key_id(self._current)}.{blob}"

    def open(self, sealed: str, signal_id: UUID) -> Reporter:
        """The identity sealed for ``signal_id``; IdentityUnreadable if no key opens it."""
        try:
            version, kid, blob = sealed.split(".", 2)
            aead = self._keys[kid]
            raw = base64.b64decode(blob)
            if version != _VERSION:
                raise ValueError(version)
            plain = aead.decrypt(raw[:12], raw[12:], signal_id.bytes)
        except (KeyError, ValueError, InvalidTag):
            raise IdentityUnreadable(
                "the reporter's identity cannot be opened with the configured keys"
            ) from None
        return Reporter(**json.loads(plain))
