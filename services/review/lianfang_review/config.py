"""Review settings (``LIANFANG_REVIEW_*``)."""

from __future__ import annotations

from datetime import tzinfo
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from lianfang_shared.settings import ServiceSettings


class ReviewSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LIANFANG_REVIEW_", extra="ignore")

    name: str = "review"
    http_port: int = 8002
    timezone: str = Field(
        "Asia/Shanghai", description="Time zone of the factory's dates (due dates, publicity)."
    )
    briefing_days: int = Field(
        30,
        ge=1,
        le=365,
        description="Days after taking up a post within which a person must be briefed (交底).",
    )
    briefing_backfill_days: int = Field(
        90,
        ge=0,
        le=3650,
        description="Appointments that took effect more than this many days before the registry "
        "recorded them are history: they create no briefing or commitment owed.",
    )
    commitment_renew_days: int = Field(
        30,
        ge=1,
        le=365,
        description="Days a person has to sign a new integrity commitment once the old one is "
        "stale or a new post requires one.",
    )
    commitment_valid_days: int = Field(
        365, ge=1, le=3650, description="Days a signed integrity commitment stays in force."
    )
    commitment_notice_days: int = Field(
        30,
        ge=0,
        le=365,
        description="Days before a signed commitment runs out that its renewal is announced.",
    )
    publicity_days: int = Field(
        7, ge=1, le=90, description="Default length in days of a commitment's publicity (公示)."
    )
    rotation_years: int = Field(
        5,
        ge=1,
        le=30,
        description="Years in the same key post after which a person is listed for rotation "
        "(轮岗).",
    )
    inspection_due_days: int = Field(
        15,
        ge=0,
        le=90,
        description="Days after a quarter's end by which its supervision inspection is due.",
    )
    watch_interval: float = Field(
        60.0,
        gt=0,
        description="Seconds between looks for overdue briefings and commitments running out "
        "(one replica looks).",
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
