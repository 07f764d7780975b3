"""The process flow (业务工作运行流程图) of a power: its ordered steps, each done by a post.

The step commands and the bodies of the step events live here, in a plain mixin; ``Power``
binds the bodies with ``@event`` itself. An ``@event`` in a base class would store its events
under the base's topic (``power_flow:ProcessFlow.StepAdded``) and as instances of the base's
event classes, not the stored ``lianfang_registry.domain.power:Power.StepAdded`` and its kin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from lianfang_shared.errors import DomainError


class BadOrder(DomainError):
    """A new step order that is not a permutation of the current steps."""


class ProcessFlow:
    """The 流程 part of a power (Power defines ``steps``, ``check_not_retired`` and ``_find``,
    and makes ``_step_added``, ``_step_changed``, ``reorder_steps`` and ``remove_step`` events)."""

    if TYPE_CHECKING:
        steps: list[dict[str, Any]]

        def check_not_retired(self) -> None: ...
        @staticmethod
        def _find(entries: list[dict[str, Any]], entry_id: UUID) -> dict[str, Any]: ...

    def add_step(
        self, step_id: UUID, name: str, post_id: UUID, description: str = "", position: int = 0
    ) -> None:
        """Add a step at ``position`` (1-based; 0 or past the end appends)."""
        last = len(self.steps) + 1
        self._step_added(
            step_id, name, post_id, description, position if 0 < position <= last else last
        )

    def _step_added(
        self, step_id: UUID, name: str, post_id: UUID, description: str, position: int
    ) -> None:
        self.check_not_retired()
        step = {"id": step_id, "name": name, "post_id": post_id, "description": description}
        self.steps.insert(position - 1, step)

    def change_step(
        self,
        step_id: UUID,
        name: str | None = None,
        post_id: UUID | None = None,
        description: str | None = None,
    ) -> None:
        """Rename, describe or reassign a step (to another post)."""
        s = self._find(self.steps, step_id)
        new = (
            s["name"] if name is None else name,
            s["post_id"] if post_id is None else post_id,
            s["description"] if description is None else description,
        )
        if new != (s["name"], s["post_id"], s["description"]):
            self._step_changed(step_id, *new)

    def _step_changed(self, step_id: UUID, name: str, post_id: UUID, description: str) -> None:
        self.check_not_retired()
        self._find(self.steps, step_id).update(name=name, post_id=post_id, description=description)

    def reorder_steps(self, step_ids: list[UUID]) -> None:
        """Put the steps in a new order (every step exactly once)."""
        self.check_not_retired()
        by_id = {s["id"]: s for s in self.steps}
        if sorted(map(str, step_ids)) != sorted(map(str, by_id)):
            raise BadOrder("the new order must list every step of the flow exactly once")
        self.steps = [by_id[i] for i in step_ids]

    def remove_step(self, step_id: UUID) -> None:
        """Drop a step from the flow."""
        self.check_not_retired()
        self.steps.remove(self._find(self.steps, step_id))
