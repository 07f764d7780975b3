"""Dependencies of the warning routes: the service, the Application, locale, roles, scope."""

from __future__ import annotations

from typing import Annotated, cast
from uuid import UUID

from fastapi import Depends, HTTPException, Query, Request, status

from lianfang_shared.auth import CurrentUser, Role, require
from lianfang_shared.i18n import Locale, negotiate
from lianfang_shared.params import Offset  # noqa: F401 (the routes import it from here)
from lianfang_shared.service import Service
from lianfang_warning.application import Warnings
from lianfang_warning.config import WarningSettings
from lianfang_warning.wiring import wire

# Who may do what (DOMAIN.md): the office handles cases; the discipline committee and auditors
# read them; department heads see and rectify their own department's warnings only.
OFFICE = require(Role.office)
READERS = require(Role.office, Role.discipline, Role.auditor)
ISSUERS = require(Role.office, Role.leader, Role.party_committee)
DEPARTMENT = require(Role.dept_head)


def get_service(request: Request) -> Service:
    """The running warning service."""
    service: Service = request.app.state.services["warning"]
    return service


def get_app(request: Request) -> Warnings:
    """The warning Application, wired to its replicas and identity vault."""
    return wire(get_service(request))


def get_settings(request: Request) -> WarningSettings:
    """The warning service's settings."""
    return cast(WarningSettings, get_service(request).settings)


def get_locale(
    request: Request,
    lang: Annotated[str | None, Query(description="zh-Hans (default), zh-Hant or en")] = None,
) -> Locale:
    """The language of labels and messages: ``?lang=``, else Accept-Language."""
    return negotiate(lang or request.headers.get("accept-language"))


def _department(user: CurrentUser) -> UUID | None:
    if user.department_id:
        try:
            return UUID(user.department_id)
        except ValueError:
            return None
    return None


def warning_scope(user: CurrentUser) -> UUID | None:
    """Whose warnings a caller sees: all (None) for the office, discipline and auditors; a
    department head their own department's."""
    if user.has(Role.office, Role.discipline, Role.auditor):
        return None
    if user.has(Role.dept_head) and (department := _department(user)) is not None:
        return department
    raise HTTPException(
        status.HTTP_403_FORBIDDEN,
        "requires one of the roles: office, discipline, auditor, or dept_head of the department",
    )


def own_department(user: CurrentUser) -> UUID:
    """The department a department head rectifies for (403 for anyone else)."""
    if user.has(Role.dept_head) and (department := _department(user)) is not None:
        return department
    raise HTTPException(
        status.HTTP_403_FORBIDDEN, "requires the role dept_head, with the department in the token"
    )


ServiceDep = Annotated[Service, Depends(get_service)]
AppDep = Annotated[Warnings, Depends(get_app)]
SettingsDep = Annotated[WarningSettings, Depends(get_settings)]
LocaleDep = Annotated[Locale, Depends(get_locale)]
ScopeDep = Annotated[UUID | None, Depends(warning_scope)]
OwnDepartmentDep = Annotated[UUID, Depends(own_department)]
Page = Annotated[int, Query(ge=1, le=500)]
