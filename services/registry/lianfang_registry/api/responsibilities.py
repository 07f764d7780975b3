"""Responsibility items of a power (权力和责任清单) and the posts accountable for them."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status

from lianfang_registry.api.deps import RegistryDep, ScopeDep, ServiceDep
from lianfang_registry.api.power_schemas import ItemCreate
from lianfang_registry.api.schemas import Created

router = APIRouter(prefix="/powers/{power_id}/responsibilities", tags=["powers"])


@router.post("", status_code=status.HTTP_201_CREATED)
def add_responsibility(
    power_id: UUID, body: ItemCreate, scope: ScopeDep, registry: RegistryDep, svc: ServiceDep
) -> Created:
    """Add a responsibility item and the post accountable for it."""
    item_id = registry.add_responsibility(power_id, body.description, body.post_id, scope=scope)
    svc.settle()
    return Created(id=item_id)


@router.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_responsibility(
    power_id: UUID, item_id: UUID, scope: ScopeDep, registry: RegistryDep, svc: ServiceDep
) -> None:
    """Remove a responsibility item."""
    registry.remove_responsibility(power_id, item_id, scope=scope)
    svc.settle()
