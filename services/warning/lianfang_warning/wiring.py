"""Give the running service's Application what its use cases need (once)."""

from __future__ import annotations

from typing import cast

from lianfang_shared.service import Service
from lianfang_warning.application import Warnings
from lianfang_warning.config import WarningSettings
from lianfang_warning.org.lookups import Org


def wire(service: Service) -> Warnings:
    """The service's Application with its replicas and settings attached."""
    app = cast(Warnings, service.app)
    if not app.attached:
        settings = cast(WarningSettings, service.settings)
        app.attach(Org(service.db), settings)
    return app
