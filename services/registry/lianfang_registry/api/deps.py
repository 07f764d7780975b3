"""Dependencies of the registry routes: the service, the Application, locale, roles, scope."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Depends, HTTPException, Query, Request, status

from lianfang_registry.application import Registry
from lianfang_registry.config import RegistrySettings
from lianfang_shared.auth import CurrentUser, Role, require
from lianfang_shared.i18n import Locale, negotiate
from lianfang_shared.params import Offset  # noqa: F401 (the routes import it from here)
from lianfang_shared.service import Service

# Who may change what: admins keep the organisation, the office and department heads the powers.
ORGANISATION = require(Role.admin)
POWERS = require(Role.office, Role.dept_head)


# The dependencies block on nothing, so they are async: FastAPI runs a plain function in a
# worker thread, a hop per dependency per request.


def _service(request: Request) -> Service:
    service: Service = request.app.state.services["registry"]
    return service


async def get_service(request: Request) -> Service:
    """The running registry service."""
    return _service(request)


async def get_registry(request: Request) -> Registry:
    """The registry Application."""
    app: Registry = _service(request).app
    return app


async def get_settings(request: Request) -> RegistrySettings:
    """The registry's settings."""
    settings: RegistrySettings = _service(request).settings  # type: ignore[assignment]
    return settings


async def get_locale(
    request: Request,
    lang: Annotated[str | None, Query(description="zh-Hans (default), zh-Hant or en")] = None,
) -> Locale:
    """The language of labels and messages: ``?lang=``, else Accept-Language."""
    return negotiate(lang or request.headers.get("accept-language"))


async def power_scope(user: CurrentUser) -> UUID | None:
    """The department a caller may change powers of: None (any) for the office, else their own."""
    if user.has(Role.office):
        return None
    if user.has(Role.dept_head) and user.department_id:
        try:
            return UUID(user.department_id)
        except ValueError:
            pass
    raise HTTPException(
        status.HTTP_403_FORBIDDEN, "requires the office, or a department head of the department"
    )


ServiceDep = Annotated[Service, Depends(get_service)]
RegistryDep = Annotated[Registry, Depends(get_registry)]
SettingsDep = Annotated[RegistrySettings, Depends(get_settings)]
LocaleDep = Annotated[Locale, Depends(get_locale)]
ScopeDep = Annotated[UUID | None, Depends(power_scope)]
Page = Annotated[int, Query(ge=1, le=500)]
