"""Briefing (交底): the risks of a scope told to its audience, each person acknowledging the
"seven knowings" (七个知晓); and the briefing a person owes for a new post (BriefingDue).

A briefing freezes what it told (the approved risk points with grades and measures, and the
powers of the posts) so its record reads the same years later. A person's acknowledgement is
complete when all seven knowings are acknowledged; a complete acknowledgement of a briefing
covering the post meets what the person owed for it.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from lianfang_review.domain.errors import Forbidden, NothingChanged, OutOfTurn
from lianfang_review.domain.terms import KNOWINGS, BriefingLevel, DueStatus, Knowing


class Briefing(Aggregate):
    """A briefing held on a day for an audience, with what was told."""

    @event("Held")
    def __init__(
        self,
        level: str,
        title: str,
        department_id: UUID | None,
        unit: str,
        post_ids: list[UUID],
        audience: list[UUID],
        held_on: date,
        items: list[dict[str, Any]],
        powers: list[dict[str, Any]],
    ) -> None:
        self.level = BriefingLevel(level)
        self.title = title
        self.department_id = department_id
        self.unit = unit
        self.post_ids = list(post_ids)
        self.audience = list(audience)
        self.held_on = held_on
        self.items = list(items)
        self.powers = list(powers)
        self.acknowledged: dict[str, list[str]] = {}

    def knowings_of(self, person_id: UUID) -> list[str]:
        """What the person has acknowledged, in the checklist's order."""
        return list(self.acknowledged.get(str(person_id), []))

    def complete_for(self, person_id: UUID) -> bool:
        """True once the person acknowledged all seven knowings."""
        return set(self.knowings_of(person_id)) == set(KNOWINGS)

    def acknowledge(self, person_id: UUID, knowings: list[str]) -> bool:
        """The person acknowledges some (or all) of the seven knowings; True when complete."""
        if person_id not in self.audience:
            raise Forbidden("only the briefing's audience acknowledges it")
        new = [k for k in KNOWINGS if k in {Knowing(x).value for x in knowings}]
        new = [k for k in new if k not in self.knowings_of(person_id)]
        if not new:
            raise NothingChanged("those knowings are acknowledged already")
        after = [k for k in KNOWINGS if k in {*self.knowings_of(person_id), *new}]
        self._acknowledged(person_id, new, len(after) == len(KNOWINGS), self.department_id)
        return self.complete_for(person_id)

    @event("Acknowledged")
    def _acknowledged(
        self, person_id: UUID, knowings: list[str], complete: bool, department_id: UUID | None
    ) -> None:
        done = {*self.knowings_of(person_id), *knowings}
        self.acknowledged[str(person_id)] = [k for k in KNOWINGS if k in done]


class BriefingDue(Aggregate):
    """A briefing a person owes for a post they took up (appointed or transferred)."""

    @staticmethod
    def create_id(person_id: UUID, post_id: UUID, effective_on: date, **_: Any) -> UUID:
        """One per person, post and day of taking it up."""
        key = f"lianfang:review:briefing-due:{person_id}:{post_id}:{effective_on.isoformat()}"
        return uuid5(NAMESPACE_URL, key)

    @event("Owed")
    def __init__(
        self,
        person_id: UUID,
        post_id: UUID,
        department_id: UUID,
        effective_on: date,
        due_on: date,
        cause: str,
        source_event_id: str,
    ) -> None:
        self.person_id = person_id
        self.post_id = post_id
        self.department_id = department_id
        self.effective_on = effective_on
        self.due_on = due_on
        self.cause = cause
        self.status = DueStatus.owed
        self.briefing_id: UUID | None = None

    @property
    def open(self) -> bool:
        """Still owed (overdue or not)."""
        return self.status in (DueStatus.owed, DueStatus.overdue)

    def meet(self, briefing_id: UUID, on: date) -> None:
        """A complete acknowledgement of a briefing covering the post meets it."""
        if not self.open:
            raise OutOfTurn(f"the briefing is {self.status.value} already")
        self._met(briefing_id, on, self.route)

    @event("Met")
    def _met(self, briefing_id: UUID, met_on: date, route: dict[str, Any]) -> None:
        self.status, self.briefing_id = DueStatus.met, briefing_id

    def report_overdue(self, today: date) -> bool:
        """Once past the due date while still owed: record it (True), else nothing."""
        if self.status is not DueStatus.owed or today <= self.due_on:
            return False
        self._overdue(today, self.route)
        return True

    @event("Overdue")
    def _overdue(self, overdue_on: date, route: dict[str, Any]) -> None:
        self.status = DueStatus.overdue

    def withdraw(self, reason: str) -> bool:
        """No longer owed (the person left the post or the factory); False if settled."""
        if not self.open:
            return False
        self._withdrawn(reason, self.route)
        return True

    @event("Withdrawn")
    def _withdrawn(self, reason: str, route: dict[str, Any]) -> None:
        self.status = DueStatus.withdrawn

    @property
    def route(self) -> dict[str, Any]:
        """What every published event of it carries (for notify)."""
        return {
            "person_id": self.person_id,
            "post_id": self.post_id,
            "department_id": self.department_id,
            "due_on": self.due_on,
        }
