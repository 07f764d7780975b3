"""Data kept as numbered versions inside one aggregate (the scoring model, the assessment
model, the commitment template): every version ever published stays, newest last, and what
was made with one records its number, so a new version never rewrites it."""

from __future__ import annotations

from typing import Any, ClassVar


class VersionedData:
    """Mixin of such an aggregate; ``versions`` holds dicts with their ``version`` number."""

    versions: list[dict[str, Any]]
    what: ClassVar[str]  # in messages: "the scoring model"
    not_found: ClassVar[type[Exception]]

    @property
    def next_version(self) -> int:
        """The number the next published version gets."""
        return len(self.versions) + 1

    @property
    def current(self) -> dict[str, Any]:
        """The newest version."""
        return self.versions[-1]

    def at(self, version: int) -> dict[str, Any]:
        """A version by number; ``not_found`` if there is none."""
        for v in self.versions:
            if v["version"] == version:
                return v
        raise self.not_found(f"{self.what} has no version {version}")
