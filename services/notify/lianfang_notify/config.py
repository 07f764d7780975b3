"""Notify settings (``LIANFANG_NOTIFY_*``)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from lianfang_shared.settings import ServiceSettings


class NotifySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LIANFANG_NOTIFY_", extra="ignore")

    name: str = "notify"
    http_port: int = 8004
