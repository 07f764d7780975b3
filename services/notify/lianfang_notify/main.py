"""The notify service's entry point."""

from __future__ import annotations

from lianfang_notify.api.routes import router
from lianfang_notify.config import NotifySettings
from lianfang_notify.projections import inbox
from lianfang_shared.service import ServiceSpec

SPEC = ServiceSpec(
    name="notify",
    settings_cls=NotifySettings,
    router=router,
    upstreams=("registry",),
    handlers=inbox.register,
    tables=inbox.TABLES,
    description="Notification routing, inbox, deliveries, reminders and escalation.",
)


def run() -> None:
    """``lianfang-notify``: serve the notify service alone."""
    from lianfang_shared.cli import main

    main(["serve", "notify"])
