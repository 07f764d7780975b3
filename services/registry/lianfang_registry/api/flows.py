"""Process-flow routes (业务工作运行流程图): ordered steps, each assigned to a post; Mermaid."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status
from fastapi.responses import PlainTextResponse

from lianfang_registry.api.deps import LocaleDep, RegistryDep, ScopeDep, ServiceDep
from lianfang_registry.api.power_schemas import Flow, StepCreate, StepOrder, StepRead, StepUpdate
from lianfang_registry.api.schemas import Created
from lianfang_registry.flowchart import mermaid
from lianfang_registry.projections import flows

router = APIRouter(prefix="/powers/{power_id}", tags=["flows"])


@router.post("/steps", status_code=status.HTTP_201_CREATED)
def add_step(
    power_id: UUID, body: StepCreate, scope: ScopeDep, registry: RegistryDep, svc: ServiceDep
) -> Created:
    """Add a step to the power's flow (appended unless ``position`` is given)."""
    step_id = registry.add_step(
        power_id, body.name, body.post_id, body.description, body.position, scope=scope
    )
    svc.settle()
    return Created(id=step_id)


@router.patch("/steps/{step_id}", status_code=status.HTTP_204_NO_CONTENT)
def change_step(
    power_id: UUID,
    step_id: UUID,
    body: StepUpdate,
    scope: ScopeDep,
    registry: RegistryDep,
    svc: ServiceDep,
) -> None:
    """Rename or describe a step, or reassign it to another post."""
    registry.change_step(power_id, step_id, body.name, body.post_id, body.description, scope=scope)
    svc.settle()


@router.put("/steps", status_code=status.HTTP_204_NO_CONTENT)
def reorder_steps(
    power_id: UUID, body: StepOrder, scope: ScopeDep, registry: RegistryDep, svc: ServiceDep
) -> None:
    """Put the steps in a new order (every step id, first to last)."""
    registry.reorder_steps(power_id, body.step_ids, scope=scope)
    svc.settle()


@router.delete("/steps/{step_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_step(
    power_id: UUID, step_id: UUID, scope: ScopeDep, registry: RegistryDep, svc: ServiceDep
) -> None:
    """Remove a step from the flow."""
    registry.remove_step(power_id, step_id, scope=scope)
    svc.settle()


@router.get("/flow")
def get_flow(power_id: UUID, registry: RegistryDep, svc: ServiceDep) -> Flow:
    """The power's steps in order, with their posts."""
    registry.get_power(power_id)
    return Flow(power_id=power_id, steps=[StepRead(**s) for s in flows.steps(svc.db, power_id)])


@router.get("/flow.mmd", response_class=PlainTextResponse)
def flow_mermaid(
    power_id: UUID, registry: RegistryDep, svc: ServiceDep, locale: LocaleDep
) -> PlainTextResponse:
    """The flow as a Mermaid flowchart (key-post steps highlighted)."""
    power = registry.get_power(power_id)
    text = mermaid(f"{power.code} {power.details['name']}", flows.steps(svc.db, power_id), locale)
    return PlainTextResponse(text, media_type="text/vnd.mermaid; charset=utf-8")
