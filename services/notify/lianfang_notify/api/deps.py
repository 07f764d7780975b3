"""Dependencies of the notify routes: the service, its settings, the caller's language."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from lianfang_notify.config import NotifySettings
from lianfang_shared.auth import Role, require
from lianfang_shared.i18n import Locale, negotiate
from lianfang_shared.params import Offset  # noqa: F401 (the routes import it from here)
from lianfang_shared.persistence import Database

# Admins keep rules, templates and contact points; the office and auditors may read them
# and follow deliveries.
ADMIN = require(Role.admin)
OPS = require(Role.admin, Role.office, Role.auditor)


def get_db(request: Request) -> Database:
    """The notify service's database."""
    db: Database = request.app.state.services["notify"].db
    return db


def get_settings(request: Request) -> NotifySettings:
    """The notify service's settings."""
    settings: NotifySettings = request.app.state.services["notify"].settings
    return settings


def get_locale(
    request: Request,
    lang: Annotated[str | None, Query(description="zh-Hans (default), zh-Hant or en")] = None,
) -> Locale:
    """The language of messages: ``?lang=``, else Accept-Language."""
    return negotiate(lang or request.headers.get("accept-language"))


DbDep = Annotated[Database, Depends(get_db)]
SettingsDep = Annotated[NotifySettings, Depends(get_settings)]
LocaleDep = Annotated[Locale, Depends(get_locale)]
Limit = Annotated[int, Query(ge=1, le=200)]
