"""Use cases of people: registering, appointing, transferring, relieving, leaving, 分管."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from lianfang_registry.application.organisation import OrganisationCases
from lianfang_registry.domain.person import Person, PersonExists, PersonNotFound
from lianfang_registry.domain.vocab import LEADING_RANKS, Rank


class PeopleCases(OrganisationCases):
    """Persons, their posts over time, and the departments leaders are in charge of."""

    def create_person(self, staff_no: str, name: str, rank: Rank) -> UUID:
        """Register a person by staff number (工号)."""
        person = Person(staff_no=staff_no, name=name, rank=rank)
        self.store(person, exists=PersonExists(f"staff number {staff_no!r} is registered"))
        return person.id

    def change_rank(self, person_id: UUID, rank: Rank) -> None:
        """Change a person's rank; leaving a leading rank releases their 分管 departments."""
        person = self.get_person(person_id)
        if Rank(rank) not in LEADING_RANKS and person.in_charge_of:
            person.set_in_charge([])
        person.change_rank(rank)
        self.store(person)

    def appoint(self, person_id: UUID, post_id: UUID, effective_on: date) -> None:
        """Appoint a person to a post from a date."""
        person = self.get_person(person_id)
        post = self.get_post(post_id)
        person.appoint(post_id, post.department_id, effective_on)
        self.store(person)

    def transfer(
        self, person_id: UUID, from_post_id: UUID, to_post_id: UUID, effective_on: date
    ) -> None:
        """Transfer a person from one post to another (轮岗, 调动) on a date."""
        person = self.get_person(person_id)
        post = self.get_post(to_post_id)
        person.transfer(from_post_id, to_post_id, post.department_id, effective_on)
        self.store(person)

    def relieve(self, person_id: UUID, post_id: UUID, effective_on: date) -> None:
        """End one of a person's posts on a date."""
        person = self.get_person(person_id)
        person.relieve(post_id, effective_on)
        self.store(person)

    def leave(self, person_id: UUID, effective_on: date, reason: str) -> None:
        """A person leaves: every post ends and 分管 departments are released."""
        person = self.get_person(person_id)
        if person.in_charge_of:
            person.set_in_charge([])
        person.leave(effective_on, reason)
        self.store(person)

    def set_in_charge(self, person_id: UUID, department_ids: list[UUID]) -> None:
        """Set the departments a leader is in charge of (分管)."""
        person = self.get_person(person_id)
        for department_id in department_ids:
            self.get_department(department_id)
        person.set_in_charge(department_ids)
        self.store(person)

    def get_person(self, person_id: UUID) -> Person:
        """The person, or PersonNotFound."""
        return self.load(Person, person_id, PersonNotFound)
