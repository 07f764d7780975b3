"""Dependencies of the registry routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from lianfang_registry.application import Registry


def get_registry(request: Request) -> Registry:
    """The running registry Application."""
    app: Registry = request.app.state.services["registry"].app
    return app


RegistryDep = Annotated[Registry, Depends(get_registry)]
