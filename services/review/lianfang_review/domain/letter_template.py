"""The commitment template (廉洁承诺书模板): the fixed clauses and layout of every commitment,
kept as editable, versioned data. Each version holds a title and a jinja2 body per language;
a commitment records the version it was generated with, so a new version never rewrites a
signed one."""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from lianfang_review.domain.errors import CommitmentNotFound
from lianfang_review.domain.versioned import VersionedData


class CommitmentTemplate(VersionedData, Aggregate):
    """The one commitment template; ``versions`` holds every version ever published."""

    what = "the commitment template"
    not_found = CommitmentNotFound

    @staticmethod
    def create_id(**_: object) -> UUID:
        """The template's fixed id."""
        return uuid5(NAMESPACE_URL, "lianfang:review:commitment-template")

    @event("Created")
    def __init__(self) -> None:
        self.versions: list[dict[str, Any]] = []

    def publish(self, title: dict[str, str], body: dict[str, str], note: str) -> int:
        """Add a version (checked beforehand: every language renders)."""
        version = self.next_version
        self._published(dict(title), dict(body), note, version)
        return version

    @event("Published")
    def _published(
        self, title: dict[str, str], body: dict[str, str], note: str, version: int
    ) -> None:
        self.versions.append({"version": version, "title": title, "body": body, "note": note})
