"""Power routes (职权目录): catalogue, lifecycle, revisions and history."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status

from lianfang_registry.api import views
from lianfang_registry.api.deps import LocaleDep, Offset, Page, RegistryDep, ScopeDep, ServiceDep
from lianfang_registry.api.power_schemas import (
    Amended,
    HistoryEntry,
    PowerAmend,
    PowerCreate,
    PowerList,
    PowerRead,
    PowerVersion,
    Reason,
)
from lianfang_registry.api.schemas import Created
from lianfang_registry.domain.power import DETAILS, PowerNotFound
from lianfang_registry.domain.vocab import PowerCategory, PowerStatus
from lianfang_registry.projections import power_queries

router = APIRouter(prefix="/powers", tags=["powers"])


@router.post("", status_code=status.HTTP_201_CREATED)
def register_power(
    body: PowerCreate, scope: ScopeDep, registry: RegistryDep, svc: ServiceDep
) -> Created:
    """Catalogue a power of a department (a draft unless ``activate``)."""
    details = body.model_dump(mode="json", include=set(DETAILS))
    power_id = registry.register_power(
        body.department_id, body.code, details, scope=scope, activate=body.activate
    )
    svc.settle()
    return Created(id=power_id)


@router.get("")
def list_powers(
    svc: ServiceDep,
    locale: LocaleDep,
    department_id: UUID | None = None,
    category: PowerCategory | None = None,
    status: PowerStatus | None = None,
    in_force: Annotated[bool, Query(description="active or amended")] = False,
    q: Annotated[
        str | None, Query(max_length=100, description="code, name, content, basis")
    ] = None,
    limit: Page = 50,
    offset: Offset = 0,
) -> PowerList:
    """Powers as they stand now, filtered, by department and code."""
    filters = {"department_id": department_id, "category": category, "status": status}
    rows, total = power_queries.list_powers(
        svc.db, {**filters, "in_force": in_force, "q": q}, limit, offset
    )
    return PowerList(items=[views.power(r, locale) for r in rows], total=total)


@router.get("/{power_id}")
def get_power(
    power_id: UUID,
    registry: RegistryDep,
    locale: LocaleDep,
    version: Annotated[int | None, Query(ge=1, description="an earlier event version")] = None,
) -> PowerRead:
    """A power with its responsibility items and steps (now, or at an earlier version)."""
    return views.power_read(registry.get_power(power_id, version), locale)


@router.patch("/{power_id}")
def amend_power(
    power_id: UUID, body: PowerAmend, scope: ScopeDep, registry: RegistryDep, svc: ServiceDep
) -> Amended:
    """Amend a power: a new revision with the given fields changed, for a reason."""
    changes = body.model_dump(mode="json", exclude_none=True, exclude={"reason"})
    revision = registry.amend_power(power_id, changes, body.reason, scope=scope)
    svc.settle()
    return Amended(revision=revision)


@router.post("/{power_id}/activation", status_code=status.HTTP_204_NO_CONTENT)
def activate_power(power_id: UUID, scope: ScopeDep, registry: RegistryDep, svc: ServiceDep) -> None:
    """Put a draft power in force."""
    registry.activate_power(power_id, scope=scope)
    svc.settle()


@router.post("/{power_id}/retirement", status_code=status.HTTP_204_NO_CONTENT)
def retire_power(
    power_id: UUID, body: Reason, scope: ScopeDep, registry: RegistryDep, svc: ServiceDep
) -> None:
    """Retire a power (it stays in history)."""
    registry.retire_power(power_id, body.reason, scope=scope)
    svc.settle()


@router.get("/{power_id}/versions")
def power_versions(power_id: UUID, svc: ServiceDep) -> list[PowerVersion]:
    """Every revision of a power, oldest first."""
    rows = power_queries.versions(svc.db, power_id)
    if not rows:
        raise PowerNotFound(f"power {power_id} not found")
    return [PowerVersion(**r) for r in rows]


@router.get("/{power_id}/versions/{revision}")
def power_version(power_id: UUID, revision: int, svc: ServiceDep) -> PowerVersion:
    """One revision of a power."""
    for row in power_queries.versions(svc.db, power_id):
        if row["revision"] == revision:
            return PowerVersion(**row)
    raise PowerNotFound(f"power {power_id} has no revision {revision}")


@router.get("/{power_id}/history")
def power_history(power_id: UUID, registry: RegistryDep) -> list[HistoryEntry]:
    """Every change of a power with its time and actor (the audit trail)."""
    return [HistoryEntry(**h) for h in registry.power_history(power_id)]
