"""Review settings (``LIANFANG_REVIEW_*``)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from lianfang_shared.settings import ServiceSettings


class ReviewSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="LIANFANG_REVIEW_", extra="ignore")

    name: str = "review"
    http_port: int = 8002
