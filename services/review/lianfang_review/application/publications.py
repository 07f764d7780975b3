"""Use case of publication (公开): an approved list published within a scope as a new,
immutable version."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from lianfang_review.application.duty_base import DutyBase
from lianfang_review.domain.digest import digest_of
from lianfang_review.domain.errors import InvalidRequest, NothingChanged, PublicationNotFound
from lianfang_review.domain.policy import Actor, check_office
from lianfang_review.domain.publication import Publication
from lianfang_review.domain.terms import PublicationKind as K
from lianfang_review.domain.terms import term
from lianfang_review.projections import content, oversight_queries
from lianfang_review.projections.oversight import OVERSIGHT_PROJECTION


class PublicationCases(DutyBase):
    """Publishing the approved lists."""

    def get_publication(self, publication_id: UUID) -> Publication:
        """A published version, or PublicationNotFound."""
        return self.load(Publication, publication_id, PublicationNotFound)

    def publish_list(
        self, actor: Actor, kind: K, department_id: UUID | None, note: str
    ) -> dict[str, Any]:
        """Publish the list as it stands (office): the next version of that list and scope."""
        check_office(actor, "publish lists")
        scope = self.org.department(department_id)["name"] if department_id else "全厂"
        rows = self.list_rows(kind, department_id)
        if not rows:
            raise InvalidRequest(f"{scope}: nothing approved to publish in this list")
        self.wait_for_projection(OVERSIGHT_PROJECTION)
        last = oversight_queries.latest_publication(self.org.db, kind.value, department_id)
        digest = digest_of({"rows": rows})
        if last and last["digest"] == digest:
            raise NothingChanged(f"the list is as published in version {last['version']}")
        version = (last.get("version") or 0) + 1
        publication = Publication(
            kind=kind.value, department_id=department_id, version=version,
            title=f"{scope}{term(kind.value)}", published_on=self.today(), rows=rows,
            digest=digest, note=note,
        )  # fmt: skip
        self.store(publication)
        return {"id": publication.id, "version": version}

    def list_rows(self, kind: K, department_id: UUID | None) -> list[dict[str, Any]]:
        """The rows of a list as they stand, with names (so the version reads the same later)."""
        db = self.org.db
        if kind is K.risks_and_measures:
            items = self.approved_items(content.points_of_department(db, department_id))
            return [self.named(i) for i in items]
        powers = content.powers_of(db, [department_id] if department_id else [])
        items_of = content.responsibilities_of(db, [w["id"] for w in powers])
        return [
            {"power_id": w["id"], "code": w["code"], "name": w["name"], "category": w["category"],
             "revision": w["revision"], "department_name": w["department_name"],
             "responsibilities": [{"description": i["description"], "post_name": i["post_name"]}
                                  for i in items_of[w["id"]]]}
            for w in powers
        ]  # fmt: skip

    def named(self, item: dict[str, Any]) -> dict[str, Any]:
        """A point with the names of its department, post, person and power."""
        db = self.org.db

        def name(table: str, key: Any) -> str | None:
            return content.names(db, table, [key]).get(key) if key else None

        power = self.org.power(item["power_id"]) if item["power_id"] else None
        return {
            **item,
            "department_name": name("departments", item["department_id"]),
            "post_name": name("org_posts", item["post_id"]),
            "person_name": name("org_persons", item["person_id"]),
            "power": f"{power['code']} {power['name']}" if power else None,
        }
