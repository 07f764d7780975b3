"""Warning settings (``LIANFANG_WARNING_*``)."""

from __future__ import annotations

import base64
import binascii
import hashlib
from datetime import tzinfo
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from lianfang_shared.settings import PlatformSettings, ServiceSettings

# A key anyone can read in this file: fine on a developer's machine, refused in production.
DEV_IDENTITY_KEY = "bGlhbmZhbmctZGV2LWlkZW50aXR5LWtleS0zMmJ5dGU="


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
    raise ValueError("an identity key is 32 bytes in base64, or a secret of 24+ characters")


class WarningSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LIANFANG_WARNING_", extra="ignore")

    name: str = "warning"
    http_port: int = 8003
    identity_key: str = Field(
        DEV_IDENTITY_KEY,
        description="AES-256-GCM key sealing whistleblowers' identities at rest: 32 bytes in "
        "base64 (`openssl rand -base64 32`; another secret of 24+ characters is hashed into a "
        "key); the development default is refused in production.",
    )
    identity_previous_keys: str = Field(
        "",
        description="Earlier identity keys (base64, comma-separated), still used to open "
        "identities sealed before a key rotation.",
    )
    timezone: str = Field(
        "Asia/Shanghai", description="Time zone in which deadlines (dates) fall due."
    )
    respond_days: int = Field(
        2, ge=0, le=30, description="Days a department has to acknowledge a warning by default."
    )
    rectify_days: int = Field(
        30, ge=1, le=365, description="Days a department has to rectify by default."
    )
    overdue_scan_interval: float = Field(
        60.0,
        gt=0,
        description="Seconds between looks for overdue acknowledgements and "
        "rectifications (one replica looks).",
    )
    import_max_rows: int = Field(2000, ge=1, description="Most signals one spreadsheet may hold.")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        ZoneInfo(value)  # raises for an unknown zone
        return value

    @field_validator("identity_key")
    @classmethod
    def _valid_key(cls, value: str) -> str:
        decode_key(value)
        return value

    @field_validator("identity_previous_keys")
    @classmethod
    def _valid_previous(cls, value: str) -> str:
        for part in filter(None, (p.strip() for p in value.split(","))):
            decode_key(part)
        return value

    @property
    def zone(self) -> tzinfo:
        """The time zone of ``timezone``."""
        return ZoneInfo(self.timezone)

    def keys(self) -> list[bytes]:
        """The current identity key first, then the earlier ones; in production the development
        default is refused (checked when the warning service starts, not by every process that
        reads these settings, such as the init job)."""
        if self.identity_key == DEV_IDENTITY_KEY and _environment() == "production":
            raise ValueError("LIANFANG_WARNING_IDENTITY_KEY must be set in production")
        previous = [p.strip() for p in self.identity_previous_keys.split(",") if p.strip()]
        return [decode_key(k) for k in (self.identity_key, *previous)]


def _environment() -> str:
    try:
        return PlatformSettings().environment
    except ValueError:
        return "production"  # platform settings that fail their own production checks
