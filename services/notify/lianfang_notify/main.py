"""The notify service's entry point."""

from __future__ import annotations

from lianfang_notify.api.routes import router
from lianfang_notify.config import NotifySettings
from lianfang_notify.routing.route import Router
from lianfang_notify.store import notifications, organisation, schema
from lianfang_notify.workers.loop import work
from lianfang_shared import replica
from lianfang_shared.consumer import Consumer
from lianfang_shared.service import ServiceSpec


def register(consumer: Consumer) -> None:
    """Notify's reactions: the organisation copy, then the rules for every event. Called as
    the service starts, which fails here if the secrets key may not be used (the development
    key in production) instead of the dispatcher failing later."""
    settings = NotifySettings()
    settings.sealer()
    replica.register(consumer)
    organisation.register(consumer)
    consumer.observes(Router(settings))
    consumer.flushes(notifications.file_deferred)


SPEC = ServiceSpec(
    name="notify",
    settings_cls=NotifySettings,
    router=router,
    upstreams=("registry", "review", "warning"),
    handlers=register,
    tables=replica.TABLES + schema.TABLES,
    workers=(work,),
    wakes="deliveries",  # a filed delivery wakes the dispatcher of whichever replica leads
    description="Notification routing, inbox, deliveries (email, chat webhooks), reminders, "
    "escalation and digests.",
)


def run() -> None:
    """``lianfang-notify``: serve the notify service alone."""
    from lianfang_shared.cli import main

    main(["serve", "notify"])
