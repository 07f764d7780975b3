"""The registry service's entry point."""

from __future__ import annotations

from lianfang_registry.api.routes import router
from lianfang_registry.application import Registry
from lianfang_registry.config import RegistrySettings
from lianfang_registry.messaging.translate import translate
from lianfang_registry.projections import departments, flows, organisation, powers
from lianfang_shared.service import ServiceSpec

SPEC = ServiceSpec(
    name="registry",
    settings_cls=RegistrySettings,
    router=router,
    application_cls=Registry,
    translate=translate,
    projections=(
        departments.departments,
        organisation.organisation,
        powers.powers,
        flows.flows,
    ),
    description="Organisation, powers, responsibilities and process flows (权力清单).",
)


def run() -> None:
    """``lianfang-registry``: serve the registry alone."""
    from lianfang_shared.cli import main

    main(["serve", "registry"])
