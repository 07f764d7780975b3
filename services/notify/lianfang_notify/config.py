"""Notify settings (``LIANFANG_NOTIFY_*``)."""

from __future__ import annotations

from datetime import time, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from lianfang_shared.sealing import Sealer, SealingKey, SealingKeys, keyring
from lianfang_shared.settings import ServiceSettings

# A key anyone can read in this file: fine on a developer's machine, refused in production.
DEV_SECRETS_KEY = "bGlhbmZhbmctZGV2LXdlYmhvb2stc2VjcmV0cy1rZXk="


class NotifySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LIANFANG_NOTIFY_", extra="ignore")

    name: str = "notify"
    http_port: int = 8004

    smtp_host: str = Field("", description="SMTP server for email; empty: email is not sent.")
    smtp_port: int = Field(25, description="SMTP server port.")
    smtp_security: Literal["none", "starttls", "tls"] = Field(
        "none", description="Plain SMTP, STARTTLS after connecting, or implicit TLS (SMTPS)."
    )
    smtp_username: str = Field("", description="SMTP login; empty: no authentication.")
    smtp_password: str = Field("", description="SMTP password.")
    smtp_sender: str = Field(
        "lianfang@localhost", description="From address of notification emails."
    )
    send_timeout: float = Field(
        10.0, gt=0, description="Seconds one email or webhook call may take before it fails."
    )
    dispatch_interval: float = Field(
        1.0,
        gt=0,
        description="Seconds between looks for deliveries that are due (retries falling "
        "due); new deliveries, filed by any replica, are sent at once.",
    )
    dispatch_concurrency: int = Field(
        32, ge=1, description="Deliveries sent at the same time (a slow channel blocks none)."
    )
    max_attempts: int = Field(
        6, ge=1, description="Tries of one delivery before it ends `failed` with the reason."
    )
    retry_initial: float = Field(
        30.0, gt=0, description="Seconds before the first retry; doubles at each retry."
    )
    retry_max: float = Field(3600.0, gt=0, description="Longest wait between two retries.")
    schedule_interval: float = Field(
        30.0, gt=0, description="Seconds between looks for reminders, escalations and digests."
    )
    timezone: str = Field(
        "Asia/Shanghai", description="Time zone of dates in messages, deadlines and digests."
    )
    deadline_time: time = Field(
        time(18, 0), description="Local time at which a deadline given as a date falls due."
    )
    digest_time: time = Field(
        time(8, 0), description="Local time of the daily digest for contact points that want one."
    )
    portal_url: str = Field(
        "", description="Link to the portal's inbox shown at the end of emails and chat messages."
    )

    secrets_key: SealingKey = Field(
        DEV_SECRETS_KEY,
        description="AES-256-GCM key sealing contact points' signing secrets at rest: 32 bytes "
        "in base64 (`openssl rand -base64 32`; another secret of 24+ characters is hashed into "
        "a key); the development default is refused in production.",
    )
    secrets_previous_keys: SealingKeys = Field(
        "",
        description="Earlier secrets keys (base64, comma-separated), still used to open "
        "secrets sealed before a key rotation.",
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        ZoneInfo(value)  # raises for an unknown zone
        return value

    @property
    def zone(self) -> tzinfo:
        """The time zone of ``timezone``."""
        return ZoneInfo(self.timezone)

    def sealer(self) -> Sealer:
        """Seals and opens contact points' signing secrets (the development key is refused in
        production)."""
        keys = keyring(
            self.secrets_key,
            self.secrets_previous_keys,
            DEV_SECRETS_KEY,
            "LIANFANG_NOTIFY_SECRETS_KEY",
        )
        return Sealer(keys, "webhook-secret")
