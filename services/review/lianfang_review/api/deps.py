"""Dependencies of the review routes: the service, the Application, the caller, locale, roles."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Depends, Query, Request

from lianfang_review.application import Review
from lianfang_review.domain.policy import Actor
from lianfang_shared.auth import CurrentUser, Principal, Role, require
from lianfang_shared.i18n import Locale, negotiate
from lianfang_shared.params import Offset  # noqa: F401 (the routes import it from here)
from lianfang_shared.service import Service

# Everyone with a part in the review reads it; everybody else (admins, services...) gets 403.
READERS = require(
    Role.office,
    Role.dept_head,
    Role.dept_staff,
    Role.leader,
    Role.party_committee,
    Role.auditor,
)


def get_service(request: Request) -> Service:
    """The running review service."""
    service: Service = request.app.state.services["review"]
    return service


def get_review(request: Request) -> Review:
    """The review Application, attached to the service's database."""
    service = get_service(request)
    app: Review = service.app
    app.attach(service.db)
    return app


def get_locale(
    request: Request,
    lang: Annotated[str | None, Query(description="zh-Hans (default), zh-Hant or en")] = None,
) -> Locale:
    """The language of labels and forms: ``?lang=``, else Accept-Language."""
    return negotiate(lang or request.headers.get("accept-language"))


def _uuid(value: str | None) -> UUID | None:
    try:
        return UUID(value) if value else None
    except ValueError:
        return None


def actor_of(user: Principal) -> Actor:
    """The caller as the domain sees them."""
    return Actor(
        user_id=user.user_id,
        roles=frozenset(r.value for r in user.roles),
        department_id=_uuid(user.department_id),
        person_id=_uuid(user.person_id),
    )


def get_actor(user: CurrentUser) -> Actor:
    """The calling Actor."""
    return actor_of(user)


def visible_department(user: CurrentUser) -> UUID | None:
    """The department a caller's lists are limited to: department people see their own
    department's points and the common ones; everybody else sees all."""
    wide = (Role.office, Role.leader, Role.party_committee, Role.auditor)
    if user.has(*wide):
        return None
    return _uuid(user.department_id) or UUID(int=0)


ServiceDep = Annotated[Service, Depends(get_service)]
ReviewDep = Annotated[Review, Depends(get_review)]
ActorDep = Annotated[Actor, Depends(get_actor)]
LocaleDep = Annotated[Locale, Depends(get_locale)]
VisibleDep = Annotated[UUID | None, Depends(visible_department)]
Page = Annotated[int, Query(ge=1, le=500)]
