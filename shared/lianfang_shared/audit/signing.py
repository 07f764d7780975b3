"""Signing checkpoints and exports with Ed25519, so auditors verify with the public key only.

The private key is ``LIANFANG_AUDIT_SIGNING_KEY`` (PEM). Without one, a development key derived
from a published seed signs: its signatures prove nothing, and the key id says so.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from lianfang_shared.settings import PlatformSettings

_DEV_SEED = hashlib.sha256(b"lianfang development audit key: not a secret").digest()
DEV_PREFIX = "dev-"


def key_id(public: Ed25519PublicKey, development: bool = False) -> str:
    """A short fingerprint of a public key (``dev-`` for the development key)."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return (DEV_PREFIX if development else "") + hashlib.sha256(raw).hexdigest()[:16]


def public_pem(public: Ed25519PublicKey) -> str:
    """A public key as PEM text."""
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def load_public_keys(pem_text: str) -> list[Ed25519PublicKey]:
    """Every Ed25519 public key in a text of concatenated PEM blocks."""
    keys = []
    end = "-----END PUBLIC KEY-----"
    for block in pem_text.split(end):
        if "-----BEGIN PUBLIC KEY-----" in block:
            key = serialization.load_pem_public_key((block.strip() + "\n" + end + "\n").encode())
            if not isinstance(key, Ed25519PublicKey):
                raise ValueError("audit keys must be Ed25519 keys")
            keys.append(key)
    return keys


@dataclass(frozen=True)
class Signer:
    """The key that signs checkpoints and exports."""

    private: Ed25519PrivateKey
    development: bool

    @classmethod
    def from_settings(cls, settings: PlatformSettings) -> Signer:
        """The configured key, or the development key when none is configured."""
        if not settings.audit_signing_key:
            if settings.environment == "production":
                raise ValueError("LIANFANG_AUDIT_SIGNING_KEY must be set in production")
            return cls(Ed25519PrivateKey.from_private_bytes(_DEV_SEED), True)
        key = serialization.load_pem_private_key(settings.audit_signing_key.encode(), None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("LIANFANG_AUDIT_SIGNING_KEY must be an Ed25519 private key (PEM)")
        return cls(key, False)

    @property
    def public(self) -> Ed25519PublicKey:
        """The public half."""
        return self.private.public_key()

    @property
    def key_id(self) -> str:
        """The fingerprint of the public half."""
        return key_id(self.public, self.development)

    def sign(self, message: bytes) -> bytes:
        """An Ed25519 signature of ``message``."""
        return self.private.sign(message)


def trusted_keys(settings: PlatformSettings) -> dict[str, Ed25519PublicKey]:
    """Keys a verifier accepts, by key id: the signing key's and the previous ones."""
    signer = Signer.from_settings(settings)
    keys = {signer.key_id: signer.public}
    for key in load_public_keys(settings.audit_previous_public_keys):
        keys[key_id(key)] = key
    return keys


def signature_valid(keys: dict[str, Ed25519PublicKey], kid: str, sig: bytes, msg: bytes) -> bool:
    """True if the key ``kid`` is trusted and signed ``msg``."""
    key = keys.get(kid)
    if key is None:
        return False
    try:
        key.verify(sig, msg)
    except InvalidSignature:
        return False
    return True


def generate_private_pem() -> str:
    """A new Ed25519 private key as PEM (for ``LIANFANG_AUDIT_SIGNING_KEY``)."""
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
