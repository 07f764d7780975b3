"""The commitment template (廉洁承诺书模板): the fixed clauses and layout of every commitment,
kept as editable, versioned data. Each version holds a title and a jinja2 body per language;
a commitment records the version it was generated with, so a new version never rewrites a
signed one."""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from lianfang_review.domain.errors import CommitmentNotFound


class CommitmentTemplate(Aggregate):
    """The one commitment template; ``versions`` holds every version ever published."""

    @staticmethod
    def create_id(**_: object) -> UUID:
        """The template's fixed id."""
        return uuid5(NAMESPACE_URL, "lianfang:review:commitment-template")

    @event("Created")
    def __init__(self) -> None:
        self.versions: list[dict[str, Any]] = []

    def publish(self, title: dict[str, str], body: dict[str, str], note: str) -> int:
        """Add a version (checked beforehand: every language renders)."""
        version = len(self.versions) + 1
        self._published(dict(title), dict(body), note, version)
        return version

    @event("Published")
    def _published(
        self, title: dict[str, str], body: dict[str, str], note: str, version: int
    ) -> None:
        self.versions.append({"version": version, "title": title, "body": body, "note": note})

    @property
    def current(self) -> dict[str, Any]:
        """The newest version."""
        return self.versions[-1]

    def at(self, version: int) -> dict[str, Any]:
        """A version by number."""
        for v in self.versions:
            if v["version"] == version:
                return v
        raise CommitmentNotFound(f"the commitment template has no version {version}")
