"""Dependencies of the registry routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from lianfang_registry.application import Registry
from lianfang_shared.service import Service


def get_service(request: Request) -> Service:
    """The running registry service."""
    service: Service = request.app.state.services["registry"]
    return service


def get_registry(request: Request) -> Registry:
    """The registry Application."""
    app: Registry = get_service(request).app
    return app


ServiceDep = Annotated[Service, Depends(get_service)]
RegistryDep = Annotated[Registry, Depends(get_registry)]
