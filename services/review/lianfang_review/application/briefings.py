"""Use cases of briefings (交底): holding one, a person acknowledging the seven knowings,
what a person owes for a new post, and reporting what is overdue."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from lianfang_review.application.duty_base import DutyBase, days_after
from lianfang_review.domain.briefing import Briefing, BriefingDue
from lianfang_review.domain.errors import BriefingNotFound, Forbidden, InvalidRequest
from lianfang_review.domain.policy import Actor
from lianfang_review.domain.terms import BriefingLevel as L
from lianfang_review.projections import content, due_queries
from lianfang_review.projections.duties import DUTIES_PROJECTION


class BriefingCases(DutyBase):
    """Briefings and the briefings people owe."""

    def get_briefing(self, briefing_id: UUID) -> Briefing:
        """A briefing, or BriefingNotFound."""
        return self.load(Briefing, briefing_id, BriefingNotFound)

    def hold_briefing(
        self,
        actor: Actor,
        level: L,
        title: str,
        held_on: date,
        department_id: UUID | None = None,
        unit: str = "",
        post_ids: list[UUID] | None = None,
        person_ids: list[UUID] | None = None,
    ) -> UUID:
        """Record a briefing with what was told (the approved points that apply to the posts
        and the audience, the powers of their departments)."""
        if held_on > self.today():
            raise InvalidRequest("a briefing is recorded once held, not before")
        if department_id is not None:
            self.org.department(department_id)
        elif level is L.department:
            raise InvalidRequest("a department briefing names its department")
        audience = self.audience(level, department_id, person_ids or [], held_on)
        posts = self.briefed_posts(level, department_id, post_ids or [], audience, held_on)
        departments = sorted({self.org.post(p)["department_id"] for p in posts}, key=str)
        if department_id is None and level is not L.leadership and len(departments) == 1:
            department_id = departments[0]  # the one department of the posts briefed
        check_may_brief(actor, level, department_id)
        if (
            not actor.has("office")
            and level is not L.leadership
            and set(departments) - {department_id}
        ):
            raise Forbidden("the posts briefed must all be of the department")
        ranks = {self.org.person(p)["rank"] for p in audience}
        items = self.applicable_items(audience, posts, ranks)
        powers = [
            {"power_id": w["id"], "code": w["code"], "name": w["name"],
             "department_name": w["department_name"]}
            for w in content.powers_of(self.org.db, departments)
        ] if departments else []  # fmt: skip
        briefing = Briefing(
            level=level.value, title=title, department_id=department_id, unit=unit,
            post_ids=posts, audience=audience, held_on=held_on, items=items, powers=powers,
        )  # fmt: skip
        self.store(briefing)
        return briefing.id

    def audience(
        self, level: L, department_id: UUID | None, given: list[UUID], on: date
    ) -> list[UUID]:
        """Whom a briefing is for: those named, else the department's members or the
        factory leadership."""
        people = list(dict.fromkeys(given))
        if not people and level is L.department and department_id is not None:
            people = [m["id"] for m in self.org.members(department_id, on)]
        if not people and level is L.leadership:
            ranks = ("leader", "party_secretary")
            people = [p["id"] for p in content.persons_of_ranks(self.org.db, ranks)]
        if not people:
            raise InvalidRequest("name the people briefed (person_ids)")
        if level is L.individual and len(people) != 1:
            raise InvalidRequest("an individual briefing is for one person")
        for p in people:
            self.org.person(p)
        return people

    def briefed_posts(
        self,
        level: L,
        department_id: UUID | None,
        given: list[UUID],
        audience: list[UUID],
        on: date,
    ) -> list[UUID]:
        """The posts a briefing covers: those named, else the department's posts (department
        level), else the posts the audience holds."""
        for p in given:
            self.org.post(p)
        if given:
            return list(dict.fromkeys(given))
        if level is L.department and department_id is not None:
            return content.posts_of_department(self.org.db, department_id)
        held = content.posts_held(self.org.db, audience, on)
        return list(dict.fromkeys(p["post_id"] for p in held))

    def acknowledge_briefing(
        self, actor: Actor, briefing_id: UUID, knowings: list[str]
    ) -> dict[str, Any]:
        """The caller acknowledges knowings of a briefing; complete, it meets what they owed
        for the posts the briefing covers."""
        if actor.person_id is None:
            raise Forbidden("a briefing is acknowledged by a person of its audience")
        briefing = self.get_briefing(briefing_id)
        complete = briefing.acknowledge(actor.person_id, knowings)
        met: list[BriefingDue] = []
        if complete:
            self.wait_for_projection(DUTIES_PROJECTION)
            for due_id in due_queries.open_dues(self.org.db, actor.person_id, briefing.post_ids):
                due = self.load(BriefingDue, due_id, BriefingNotFound)
                due.meet(briefing.id, self.today())
                met.append(due)
        self.store(briefing, *met)
        return {"complete": complete, "knowings": briefing.knowings_of(actor.person_id),
                "met": [d.id for d in met]}  # fmt: skip

    def owe_briefing(
        self, person_id: UUID, post_id: UUID, department_id: UUID, effective_on: date,
        cause: str, source: str, recorded_on: date,
    ) -> BriefingDue | None:  # fmt: skip
        """The briefing a person owes for a post taken up (None if the appointment is history
        or is owed already)."""
        if self.is_history(effective_on, recorded_on):
            return None
        if BriefingDue.create_id(person_id, post_id, effective_on) in self.repository:
            return None
        due_on = days_after(effective_on, self.settings.briefing_days)
        return BriefingDue(
            person_id=person_id, post_id=post_id, department_id=department_id,
            effective_on=effective_on, due_on=due_on, cause=cause, source_event_id=source,
        )  # fmt: skip

    def withdraw_dues(
        self, person_id: UUID, post_id: UUID | None, reason: str
    ) -> list[BriefingDue]:
        """The person's open briefings owed (for one post, or all) are no longer owed."""
        self.wait_for_projection(DUTIES_PROJECTION)
        posts = None if post_id is None else [post_id]
        dues = [self.load(BriefingDue, i, BriefingNotFound)
                for i in due_queries.open_dues(self.org.db, person_id, posts)]  # fmt: skip
        return [d for d in dues if d.withdraw(reason)]

    def report_overdue(self, due_id: UUID, today: date) -> bool:
        """Record that a briefing owed is overdue (once); True if recorded now."""
        due = self.load(BriefingDue, due_id, BriefingNotFound)
        if not due.report_overdue(today):
            return False
        self.store(due)
        return True


def check_may_brief(actor: Actor, level: L, department_id: UUID | None) -> None:
    """The office briefs anyone; a department head their department (department, individual,
    project); the party committee or secretary the leadership."""
    if actor.has("office"):
        return
    if level is not L.leadership and actor.heads(department_id):
        return
    if level is L.leadership and actor.has("party_committee", "party_secretary"):
        return
    raise Forbidden("you may not hold this briefing (office, own department, or leadership)")
