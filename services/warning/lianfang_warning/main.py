"""The warning service's entry point."""

from __future__ import annotations

from lianfang_shared import replica
from lianfang_shared.service import ServiceSpec
from lianfang_warning.api.routes import router
from lianfang_warning.config import WarningSettings

SPEC = ServiceSpec(
    name="warning",
    settings_cls=WarningSettings,
    router=router,
    upstreams=("registry",),
    handlers=replica.register,
    tables=replica.TABLES,
    description="Early-warning signals, warnings, rectification and disposal.",
)


def run() -> None:
    """``lianfang-warning``: serve the warning service alone."""
    from lianfang_shared.cli import main

    main(["serve", "warning"])
