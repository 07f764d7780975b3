"""Registry settings (``LIANFANG_REGISTRY_*``)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from lianfang_shared.settings import ServiceSettings


class RegistrySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LIANFANG_REGISTRY_", extra="ignore")

    name: str = "registry"
    http_port: int = 8001
    rotation_years: int = Field(
        5, ge=1, le=30, description="Years in the same post after which a person is due to rotate."
    )
    import_max_rows: int = Field(5000, ge=1, description="Most powers one spreadsheet may hold.")
