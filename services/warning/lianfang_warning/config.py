"""Warning settings (``LIANFANG_WARNING_*``)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from lianfang_shared.settings import ServiceSettings


class WarningSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LIANFANG_WARNING_", extra="ignore")

    name: str = "warning"
    http_port: int = 8003
