"""Registry settings (``LIANFANG_REGISTRY_*``)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from lianfang_shared.settings import ServiceSettings


class RegistrySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LIANFANG_REGISTRY_", extra="ignore")

    name: str = "registry"
    http_port: int = 8001
