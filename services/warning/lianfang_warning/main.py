"""The warning service's entry point."""

from __future__ import annotations

from lianfang_shared.consumer import Consumer
from lianfang_shared.service import ServiceSpec
from lianfang_warning import confidential, overdue
from lianfang_warning.api.routes import router
from lianfang_warning.application import Warnings
from lianfang_warning.config import WarningSettings
from lianfang_warning.messaging.translate import translate
from lianfang_warning.org import registry, review
from lianfang_warning.org.tables import TABLES
from lianfang_warning.projections import cases, warnings  # noqa: F401  (handlers register)
from lianfang_warning.projections.tables import casework


def handlers(consumer: Consumer) -> None:
    """Registry's people and review's risk points, kept here."""
    registry.register(consumer)
    review.register(consumer)


confidential.register()

SPEC = ServiceSpec(
    name="warning",
    settings_cls=WarningSettings,
    router=router,
    application_cls=Warnings,
    translate=translate,
    upstreams=("registry", "review"),
    handlers=handlers,
    tables=TABLES,
    projections=(casework,),
    workers=(overdue.watch(),),
    description="Early-warning signals, cases, warnings, rectification and disposal (预警防控).",
)


def run() -> None:
    """``lianfang-warning``: serve the warning service alone."""
    from lianfang_shared.cli import main

    main(["serve", "warning"])
