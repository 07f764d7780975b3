"""Warning settings (``LIANFANG_WARNING_*``)."""

from __future__ import annotations

from datetime import tzinfo
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from lianfang_shared.sealing import SealingKey, SealingKeys, keyring
from lianfang_shared.settings import ServiceSettings

# A key anyone can read in this file: fine on a developer's machine, refused in production.
DEV_IDENTITY_KEY = "bGlhbmZhbmctZGV2LWlkZW50aXR5LWtleS0zMmJ5dGU="


class WarningSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LIANFANG_WARNING_", extra="ignore")

    name: str = "warning"
    http_port: int = 8003
    identity_key: SealingKey = Field(
        DEV_IDENTITY_KEY,
        description="AES-256-GCM key sealing whistleblowers' identities at rest: 32 bytes in "
        "base64 (`openssl rand -base64 32`; another secret of 24+ characters is hashed into a "
        "key); the development default is refused in production.",
    )
    identity_previous_keys: SealingKeys = Field(
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

    @property
    def zone(self) -> tzinfo:
        """The time zone of ``timezone``."""
        return ZoneInfo(self.timezone)

    def keys(self) -> list[bytes]:
        """The current identity key first, then the earlier ones (the development default is
        refused in production)."""
        return keyring(
            self.identity_key,
            self.identity_previous_keys,
            DEV_IDENTITY_KEY,
            "LIANFANG_WARNING_IDENTITY_KEY",
        )
