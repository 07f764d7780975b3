"""Use cases of a person's postings (from registry events): what they owe when they take up a
post, change rank, leave a post or the factory (dynamic management, 动态管理)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from lianfang_review.application.briefings import BriefingCases
from lianfang_review.application.duty_base import days_after
from lianfang_review.application.staleness import StalenessCases
from lianfang_review.domain.errors import CommitmentNotFound
from lianfang_review.domain.recipients import must_commit
from lianfang_review.domain.terms import StaleCause
from lianfang_review.domain.vocab import rank_label
from lianfang_review.projections import content


class PostingCases(BriefingCases, StalenessCases):
    """Briefings owed and commitments required by changes of posts and ranks."""

    def replicated(
        self, person_id: UUID, post_id: UUID | None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """The person and the post as replicated so far (empty dicts when not there yet)."""
        post = content.row_of(self.org.db, "org_posts", post_id) if post_id else {}
        return content.row_of(self.org.db, "org_persons", person_id), post

    def take_up_post(
        self,
        person_id: UUID,
        post_id: UUID,
        department_id: UUID,
        effective_on: date,
        transferred: bool,
        source: str,
        recorded_on: date,
    ) -> list[Any]:
        """A person appointed or transferred owes a briefing for the post and, if they must
        commit, a new commitment (unless the appointment is history)."""
        cause = "transferred" if transferred else "appointed"
        due = self.owe_briefing(
            person_id, post_id, department_id, effective_on, cause, source, recorded_on
        )
        out: list[Any] = [due] if due is not None else []
        if self.is_history(effective_on, recorded_on):
            return out
        person, post = self.replicated(person_id, post_id)
        if not must_commit(person.get("rank"), bool(post.get("key_post"))):
            return out
        c = self.commitment_or_new(person_id, department_id)
        verb = "调任" if transferred else "任"
        reason = (
            f"{person.get('name', '')}于{effective_on.isoformat()}{verb}“{post.get('name', '')}”"
        )
        why = StaleCause.post_changed if c.versions else StaleCause.appointed
        renew_by = days_after(effective_on, self.settings.commitment_renew_days)
        if c.require_new(why.value, reason, max(renew_by, recorded_on), department_id, source):
            out.append(c)
        return out

    def change_of_rank(self, person_id: UUID, rank: str, source: str, on: date) -> list[Any]:
        """A new rank changes whom the person commits to: a commitment made is stale."""
        try:
            c = self.commitment(person_id)
        except CommitmentNotFound:
            return []
        person, _ = self.replicated(person_id, None)
        reason = f"{person.get('name', '')}的职级变为{rank_label(rank)}"
        renew_by = on + timedelta(days=self.settings.commitment_renew_days)
        changed = c.require_new(StaleCause.rank_changed.value, reason, renew_by, None, source)
        return [c] if changed else []

    def leave_post(
        self, person_id: UUID, post_id: UUID, on: date, source: str, recorded_on: date
    ) -> list[Any]:
        """A post ended: no briefing is owed for it; a commitment listing it is stale."""
        person, post = self.replicated(person_id, post_id)
        reason = f"{person.get('name', '')}于{on.isoformat()}不再担任“{post.get('name', '')}”"
        out: list[Any] = self.withdraw_dues(person_id, post_id, reason)
        try:
            c = self.commitment(person_id)
        except CommitmentNotFound:
            return out
        listed = c.versions and any(p["post_id"] == post_id for p in c.current["posts"])
        renew_by = days_after(max(on, recorded_on), self.settings.commitment_renew_days)
        if listed and c.require_new(StaleCause.post_changed.value, reason, renew_by, None, source):
            out.append(c)
        return out

    def leave_factory(self, person_id: UUID, on: date) -> list[Any]:
        """The person left: nothing more is owed."""
        person, _ = self.replicated(person_id, None)
        reason = f"{person.get('name', '')}于{on.isoformat()}离开本厂"
        return self.withdraw_dues(person_id, None, reason)

    def mind_commitment_term(self, person_id: UUID, today: date) -> bool:
        """A signed commitment that ran out is stale; one running out soon is announced once.
        True if something was recorded."""
        c = self.commitment(person_id)
        if c.valid_until is not None and c.valid_until <= today:
            reason = f"廉洁承诺已于{c.valid_until.isoformat()}期满"
            renew_by = today + timedelta(days=self.settings.commitment_renew_days)
            changed = c.require_new(StaleCause.expired.value, reason, renew_by, None, "term")
        else:
            changed = c.announce_renewal(today, self.settings.commitment_notice_days)
        if changed:
            self.store(c)
        return changed
