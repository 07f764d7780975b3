"""Control measures (防控措施) of a risk point: text, type, stage, who, by when, how far.

Text, type and stage are the measure itself (a change reopens an approved point); who is
responsible, the due date and the progress are its execution and change freely.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from lianfang_review.domain.errors import MeasureNotFound, NothingChanged
from lianfang_review.domain.vocab import MeasureStatus, MeasureType, Stage

MATERIAL = ("text", "type", "stage")
FIELDS = ("text", "type", "stage", "responsible_person_id", "due_on", "status")


class MeasureHolder(Aggregate):
    """The measure part of a risk point (RiskPoint defines ``measures``, ``owner`` and the
    guards ``check_editable``, ``check_not_merged`` and ``reopen_if_approved``)."""

    if TYPE_CHECKING:
        measures: list[dict[str, Any]]
        owner: dict[str, Any]

        def check_editable(self) -> None: ...
        def check_not_merged(self) -> None: ...
        def reopen_if_approved(self, reason: str, also_submitted: bool = False) -> None: ...

    def add_measure(
        self,
        measure_id: UUID,
        text: str,
        type: str,
        stage: str,
        responsible_person_id: UUID | None,
        due_on: date | None,
    ) -> None:
        """Add a measure (planned)."""
        self.check_editable()
        measure = {
            "id": measure_id,
            "text": text,
            "type": MeasureType(type).value,
            "stage": Stage(stage).value,
            "responsible_person_id": responsible_person_id,
            "due_on": due_on,
            "status": MeasureStatus.planned.value,
        }
        self._measure_added(measure, self.owner)
        self.reopen_if_approved("measures")

    @event("MeasureAdded")
    def _measure_added(self, measure: dict[str, Any], owner: dict[str, Any]) -> None:
        self.measures.append(dict(measure))

    def change_measure(self, measure_id: UUID, changes: dict[str, Any]) -> None:
        """Change some fields of a measure (only those given)."""
        current = self.find_measure(measure_id)
        new = {**current, **{k: v for k, v in changes.items() if k in FIELDS}}
        for k, enum in (("type", MeasureType), ("stage", Stage), ("status", MeasureStatus)):
            new[k] = enum(new[k]).value
        changed = [k for k in FIELDS if new[k] != current[k]]
        if not changed:
            raise NothingChanged("the change changes nothing")
        material = any(k in MATERIAL for k in changed)
        self.check_editable() if material else self.check_not_merged()
        self._measure_changed(new, changed, self.owner)
        if material:
            self.reopen_if_approved("measures")

    @event("MeasureChanged")
    def _measure_changed(
        self, measure: dict[str, Any], changed: list[str], owner: dict[str, Any]
    ) -> None:
        self.find_measure(measure["id"]).update(measure)

    def remove_measure(self, measure_id: UUID) -> None:
        """Remove a measure."""
        self.check_editable()
        self._measure_removed(self.find_measure(measure_id), self.owner)
        self.reopen_if_approved("measures")

    @event("MeasureRemoved")
    def _measure_removed(self, measure: dict[str, Any], owner: dict[str, Any]) -> None:
        self.measures.remove(self.find_measure(measure["id"]))

    def find_measure(self, measure_id: UUID) -> dict[str, Any]:
        """A measure by id, or MeasureNotFound."""
        for m in self.measures:
            if m["id"] == measure_id:
                return m
        raise MeasureNotFound(f"no measure {measure_id} on this risk point")
