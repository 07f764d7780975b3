"""Secrets sealed at rest: AES-256-GCM under a key from the settings, bound to what they
belong to, with key rotation (warning: whistleblowers' identities; notify: webhook secrets).

A sealed value reads ``v1.<key id>.<base64 nonce+ciphertext>``. The associated data names
what the value belongs to (a signal's id, a contact point's target), so a sealed value
copied elsewhere does not open. The current key seals; it and the earlier ones open.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from typing import Annotated

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import AfterValidator

from lianfang_shared.settings import PlatformSettings

_VERSION = "v1"


class Unsealable(ValueError):
    """The sealed value does not open with any configured key."""


def decode_key(value: str) -> bytes:
    """The AES-256 key of a setting: 32 bytes in base64 (``openssl rand -base64 32``), or the
    SHA-256 of any other secret of at least 24 characters; ValueError otherwise."""
    text = value.strip()
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) == 32:
        return key
    if len(text) >= 24:
        return hashlib.sha256(text.encode()).digest()
    raise ValueError("a sealing key is 32 bytes in base64, or a secret of 24+ characters")


def _previous(value: str) -> list[str]:
    return [p.strip() for p in value.split(",") if p.strip()]


def _valid_key(value: str) -> str:
    decode_key(value)
    return value


def _valid_keys(value: str) -> str:
    for part in _previous(value):
        decode_key(part)
    return value


# Setting types: one key, and earlier keys (comma-separated), each checked when read.
SealingKey = Annotated[str, AfterValidator(_valid_key)]
SealingKeys = Annotated[str, AfterValidator(_valid_keys)]


def keyring(current: str, previous: str, development: str, variable: str) -> list[bytes]:
    """The current key first, then the earlier ones. The development default is refused in
    production (checked where the keys are used, not by every process reading the settings,
    such as the init job)."""
    if current == development and _environment() == "production":
        raise ValueError(f"{variable} must be set in production")
    return [decode_key(k) for k in (current, *_previous(previous))]


def _environment() -> str:
    try:
        return PlatformSettings().environment
    except ValueError:
        return "production"  # platform settings that fail their own production checks


class Sealer:
    """Seals with the current key; opens with the current or an earlier one. ``purpose``
    names the keys (a key's id is a hash of the purpose and the key)."""

    def __init__(self, keys: list[bytes], purpose: str) -> None:
        if not keys:
            raise ValueError("sealing needs a key")
        self.purpose = purpose
        self._current = keys[0]
        self._keys = {self.key_id(k): AESGCM(k) for k in keys}

    def key_id(self, key: bytes) -> str:
        """A short, public name of a key (to find the right one after a rotation)."""
        return hashlib.sha256(f"lianfang-{self.purpose}-key:".encode() + key).hexdigest()[:8]

    def seal(self, plain: bytes, bound_to: bytes) -> str:
        """The sealed form of ``plain``, opening only with the same ``bound_to``."""
        nonce = os.urandom(12)
        sealed = AESGCM(self._current).encrypt(nonce, plain, bound_to)
        blob = base64.b64encode(nonce + sealed).decode()
        return f"{_VERSION}.{self.key_id(self._current)}.{blob}"

    def open(self, sealed: str, bound_to: bytes) -> bytes:
        """What ``seal`` sealed with ``bound_to``; Unsealable if no key opens it."""
        try:
            version, kid, blob = sealed.split(".", 2)
            aead = self._keys[kid]
            raw = base64.b64decode(blob)
            if version != _VERSION:
                raise ValueError(version)
            return aead.decrypt(raw[:12], raw[12:], bound_to)
        except (KeyError, ValueError, InvalidTag):
            raise Unsealable(f"a sealed {self.purpose} does not open with the keys") from None

    @staticmethod
    def is_sealed(value: str) -> bool:
        """True for a value in the sealed form (else: stored before sealing, or empty)."""
        return value.startswith(f"{_VERSION}.")
