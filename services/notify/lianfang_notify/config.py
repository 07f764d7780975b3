"""Notify settings (``LIANFANG_NOTIFY_*``)."""

from __future__ import annotations

from datetime import time, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from lianfang_shared.settings import ServiceSettings


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
        1.0, gt=0, description="Seconds between looks for deliveries that are due."
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

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        ZoneInfo(value)  # raises for an unknown zone
        return value

    @property
    def zone(self) -> tzinfo:
        """The time zone of ``timezone``."""
        return ZoneInfo(self.timezone)
