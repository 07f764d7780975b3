"""Use cases of integrity commitments (廉洁承诺): the template, generating a person's
commitment, signing, receipt by the recipient, publicity (公示)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from lianfang_review.application.duty_base import DutyBase
from lianfang_review.documents.defaults import DEFAULT as DEFAULT_TEMPLATE
from lianfang_review.documents.letters import check_template
from lianfang_review.domain.commitment import Commitment
from lianfang_review.domain.digest import digest_of
from lianfang_review.domain.errors import CommitmentNotFound, Forbidden, UnknownReference
from lianfang_review.domain.letter_template import CommitmentTemplate
from lianfang_review.domain.policy import Actor, check_office
from lianfang_review.domain.recipients import recipient_for
from lianfang_review.projections import content


class CommitmentCases(DutyBase):
    """The commitment template and each person's commitment."""

    def commitment_template(self) -> CommitmentTemplate:
        """The template; before anyone stored it, version 1 (the defaults), unsaved: the first
        commitment generated stores it in the same transaction."""
        try:
            template: CommitmentTemplate = self.repository.get(CommitmentTemplate.create_id())
            return template
        except AggregateNotFoundError:
            template = CommitmentTemplate()
            d = DEFAULT_TEMPLATE
            template.publish(d["title"], d["body"], d["note"])
            return template

    def publish_template(
        self, actor: Actor, title: dict[str, str], body: dict[str, str], note: str
    ) -> int:
        """A new version of the template (office); signed commitments keep theirs."""
        check_office(actor, "change the commitment template")
        check_template(title, body)
        template = self.commitment_template()
        version = template.publish(title, body, note)
        self.store(template)
        return version

    def commitment(self, person_id: UUID) -> Commitment:
        """The person's commitment, or CommitmentNotFound."""
        return self.load(Commitment, Commitment.create_id(person_id), CommitmentNotFound)

    def commitment_or_new(self, person_id: UUID, department_id: UUID | None) -> Commitment:
        """The person's commitment, opened if there is none yet."""
        try:
            return self.commitment(person_id)
        except CommitmentNotFound:
            return Commitment(person_id=person_id, department_id=department_id)

    def commitment_content(self, person_id: UUID) -> dict[str, Any]:
        """What the person's commitment says today (rank, posts, recipient, the approved
        points that apply with their measures, the template version)."""
        person = self.org.person(person_id)
        if person["left_on"] is not None:
            raise UnknownReference(f"{person['name']} has left the factory")
        posts = content.posts_held(self.org.db, [person_id], self.today())
        department = None
        if posts:
            department = {"id": posts[0]["department_id"], "name": posts[0]["department_name"]}
        leaders = []
        if person["rank"] == "middle_cadre" and department:
            ids = self.org.leaders_in_charge(department["id"])
            names = content.names(self.org.db, "org_persons", ids)
            leaders = [{"id": i, "name": names.get(i, str(i))} for i in ids]
        secretaries = content.persons_of_ranks(self.org.db, ("party_secretary",))
        post_ids = [p["post_id"] for p in posts]
        return {
            "person": {"id": person_id, "name": person["name"], "staff_no": person["staff_no"]},
            "rank": person["rank"],
            "department_id": department["id"] if department else None,
            "posts": [{k: p[k] for k in ("post_id", "post_name", "department_id",
                                          "department_name")} for p in posts],
            "recipient": recipient_for(person["rank"], department, leaders, secretaries,
                                       person_id),
            "items": [_plain(i) for i in self.applicable_items([person_id], post_ids,
                                                               {person["rank"]})],
        }  # fmt: skip

    def generate_commitment(self, actor: Actor, person_id: UUID) -> dict[str, Any]:
        """Generate (a new version of) the person's commitment, awaiting their signature."""
        body = self.commitment_content(person_id)
        self.check_may_prepare(actor, person_id, body["department_id"])
        template = self.commitment_template()
        body["template_version"] = template.current["version"]
        commitment = self.commitment_or_new(person_id, body["department_id"])
        digest = digest_of(body)
        version = commitment.generate(body, digest, self.today())
        self.store(commitment, template)
        return {"person_id": person_id, "version": version, "digest": digest}

    def check_may_prepare(self, actor: Actor, person_id: UUID, department_id: Any) -> None:
        """The office, the head of the person's department, or the person."""
        if actor.has("office") or actor.person_id == person_id or actor.heads(department_id):
            return
        raise Forbidden("only the office, the department head or the person may do this")

    def sign_commitment(self, actor: Actor, person_id: UUID, version: int, digest: str) -> None:
        """The person signs the version they read."""
        if actor.person_id != person_id:
            raise Forbidden("a commitment is signed by the person who makes it")
        c = self.commitment(person_id)
        c.sign(version, digest, actor.user_id, self.today(), self.settings.commitment_valid_days)
        self.store(c)

    def receive_commitment(self, actor: Actor, person_id: UUID, version: int) -> None:
        """The recipient the ladder named takes the signed commitment."""
        c = self.commitment(person_id)
        to = c.current["recipient"]
        mine = actor.person_id is not None and actor.person_id in to["person_ids"]
        ok = {
            "department_leadership": actor.heads(to["department_id"]),
            "leader_in_charge": mine and actor.has("leader"),
            "party_secretary": mine,
            "superior_party_organisation": actor.has("office"),
        }
        if not ok[to["role"]]:
            raise Forbidden(f"this commitment is made to the {to['role']}")
        c.receive(version, actor.user_id, self.today())
        self.store(c)

    def publicise_commitment(
        self, actor: Actor, person_id: UUID, version: int, start_on: date | None, end_on: Any
    ) -> dict[str, date]:
        """Publicise (公示) a signed commitment for a period (default: from today)."""
        c = self.commitment(person_id)
        if not (actor.has("office") or actor.heads(c.department_id)):
            raise Forbidden("only the office or the department head publicises commitments")
        start = start_on or self.today()
        end = end_on or start + timedelta(days=self.settings.publicity_days)
        c.publicise(version, start, end)
        self.store(c)
        return {"start_on": start, "end_on": end}


def _plain(item: dict[str, Any]) -> dict[str, Any]:
    """A point as a commitment lists it: what it says and the measures' text, type, stage."""
    keep = ("measure_id", "text", "type", "stage")
    return {**item, "measures": [{k: m[k] for k in keep} for m in item["measures"]]}
