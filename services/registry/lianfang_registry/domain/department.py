"""Department (部门): a unit of the organisation, in a tree."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from lianfang_shared.errors import Conflict, NotFound


class DepartmentNotFound(NotFound):
    """No department with that id."""


class DepartmentExists(Conflict):
    """A department with that code exists already."""


class Department(Aggregate):
    """A department; its id is derived from its code, so codes are unique."""

    @staticmethod
    def create_id(code: str, **_: object) -> UUID:
        """The id of the department with ``code``."""
        return uuid5(NAMESPACE_URL, f"lianfang:department:{code}")

    @event("Created")
    def __init__(self, code: str, name: str, parent_id: UUID | None = None) -> None:
        self.code = code
        self.name = name
        self.parent_id = parent_id

    @event("Renamed")
    def rename(self, name: str) -> None:
        """Give the department a new name."""
        self.name = name
