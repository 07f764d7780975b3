"""Use cases of process flows (业务工作运行流程图): ordered steps, each assigned to a post."""

from __future__ import annotations

from uuid import UUID, uuid4

from lianfang_registry.application.powers import PowerCases


class FlowCases(PowerCases):
    """Adding, changing, reassigning, reordering and removing the steps of a power's flow."""

    def add_step(
        self,
        power_id: UUID,
        name: str,
        post_id: UUID,
        description: str = "",
        position: int = 0,
        scope: UUID | None = None,
    ) -> UUID:
        """Add a step (at ``position``, 1-based; appended by default); returns its id."""
        power = self.power_in_scope(power_id, scope)
        self.get_post(post_id)
        step_id = uuid4()
        power.add_step(step_id, name, post_id, description, position)
        self.store(power)
        return step_id

    def change_step(
        self,
        power_id: UUID,
        step_id: UUID,
        name: str | None = None,
        post_id: UUID | None = None,
        description: str | None = None,
        scope: UUID | None = None,
    ) -> None:
        """Rename or describe a step, or reassign it to another post."""
        power = self.power_in_scope(power_id, scope)
        if post_id is not None:
            self.get_post(post_id)
        power.change_step(step_id, name=name, post_id=post_id, description=description)
        self.store(power)

    def reorder_steps(
        self, power_id: UUID, step_ids: list[UUID], scope: UUID | None = None
    ) -> None:
        """Put a flow's steps in a new order."""
        power = self.power_in_scope(power_id, scope)
        power.reorder_steps(step_ids)
        self.store(power)

    def remove_step(self, power_id: UUID, step_id: UUID, scope: UUID | None = None) -> None:
        """Remove a step from a flow."""
        power = self.power_in_scope(power_id, scope)
        power.remove_step(step_id)
        self.store(power)
