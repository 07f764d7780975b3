"""Person (人员): rank, appointments to posts with dates (tenure), 分管 departments, leaving."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from lianfang_registry.domain.vocab import LEADING_RANKS, Rank
from lianfang_shared.errors import Conflict, DomainError, NotFound


class PersonNotFound(NotFound):
    """No person with that id."""


class PersonExists(Conflict):
    """A person with that staff number exists already."""


class PersonHasLeft(Conflict):
    """The person has left; their record is closed."""


class AppointmentError(Conflict):
    """The appointment, transfer or relief contradicts the person's current posts."""


class NotALeader(DomainError):
    """Only leaders (and the party secretary) are in charge of departments."""


class Person(Aggregate):
    """A person; the id is derived from the staff number (工号), so staff numbers are unique."""

    @staticmethod
    def create_id(staff_no: str, **_: object) -> UUID:
        """The id of the person with ``staff_no``."""
        return uuid5(NAMESPACE_URL, f"lianfang:person:{staff_no}")

    @event("Created")
    def __init__(self, staff_no: str, name: str, rank: Rank) -> None:
        self.staff_no = staff_no
        self.name = name
        self.rank = Rank(rank)
        self.appointments: list[dict[str, Any]] = []
        self.in_charge_of: list[UUID] = []
        self.left_on: date | None = None
        self.leaving_reason = ""

    def current(self) -> list[dict[str, Any]]:
        """Appointments not ended (a transfer or relief dated later still counts as ended)."""
        return [a for a in self.appointments if a["end"] is None]

    def check_not_left(self) -> None:
        if self.left_on is not None:
            raise PersonHasLeft(f"{self.name} left on {self.left_on}")

    def check_holds(self, post_id: UUID, effective_on: date) -> dict[str, Any]:
        for a in self.current():
            if a["post_id"] == post_id:
                if effective_on < a["start"]:
                    raise AppointmentError(f"{effective_on} is before the start {a['start']}")
                return a
        raise AppointmentError(f"{self.name} does not hold post {post_id}")

    def check_not_holding(self, post_id: UUID) -> None:
        if any(a["post_id"] == post_id for a in self.current()):
            raise AppointmentError(f"{self.name} holds post {post_id} already")

    @event("Appointed")
    def appoint(self, post_id: UUID, department_id: UUID, effective_on: date) -> None:
        """Appoint to a post (a person may hold several posts)."""
        self.check_not_left()
        self.check_not_holding(post_id)
        self._start(post_id, department_id, effective_on)

    @event("Transferred")
    def transfer(
        self, from_post_id: UUID, to_post_id: UUID, to_department_id: UUID, effective_on: date
    ) -> None:
        """Move from one post to another on the same date."""
        self.check_not_left()
        self.check_holds(from_post_id, effective_on)["end"] = effective_on
        self.check_not_holding(to_post_id)
        self._start(to_post_id, to_department_id, effective_on)

    @event("Relieved")
    def relieve(self, post_id: UUID, effective_on: date) -> None:
        """End one post without a new one (e.g. a concurrent post)."""
        self.check_not_left()
        self.check_holds(post_id, effective_on)["end"] = effective_on

    @event("Left")
    def leave(self, effective_on: date, reason: str) -> None:
        """Close the record: every post ends, in-charge departments are released."""
        self.check_not_left()
        for a in self.current():
            self.check_holds(a["post_id"], effective_on)["end"] = effective_on
        self.left_on = effective_on
        self.leaving_reason = reason
        self.in_charge_of = []

    @event("RankChanged")
    def change_rank(self, rank: Rank) -> None:
        """Promote or move to another rank (release in-charge departments before leaving a lead)."""
        self.check_not_left()
        if Rank(rank) not in LEADING_RANKS and self.in_charge_of:
            raise NotALeader(f"{self.name} is still in charge of departments")
        self.rank = Rank(rank)

    @event("InChargeSet")
    def set_in_charge(self, department_ids: list[UUID]) -> None:
        """The departments this leader is in charge of (分管), replacing the previous set."""
        self.check_not_left()
        if self.rank not in LEADING_RANKS and department_ids:
            raise NotALeader(f"{self.name} is {self.rank.value}, not a leader")
        self.in_charge_of = list(dict.fromkeys(department_ids))

    def _start(self, post_id: UUID, department_id: UUID, effective_on: date) -> None:
        self.appointments.append(
            {"post_id": post_id, "department_id": department_id, "start": effective_on, "end": None}
        )
