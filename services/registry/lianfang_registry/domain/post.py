"""Post (岗位): a position in a department; key posts (重点岗位) get closer control."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from lianfang_shared.errors import Conflict, NotFound


class PostNotFound(NotFound):
    """No post with that id."""


class PostExists(Conflict):
    """The department has a post with that code already."""


class Post(Aggregate):
    """A post; the id is derived from department and code, so codes are unique per department."""

    @staticmethod
    def create_id(department_id: UUID, code: str, **_: object) -> UUID:
        """The id of the post ``code`` of a department."""
        return uuid5(NAMESPACE_URL, f"lianfang:post:{department_id}:{code}")

    @event("Created")
    def __init__(self, department_id: UUID, code: str, name: str, key_post: bool = False) -> None:
        self.department_id = department_id
        self.code = code
        self.name = name
        self.key_post = key_post

    def change(self, name: str | None = None, key_post: bool | None = None) -> None:
        """Rename the post or set its key-post flag (no event when nothing changes)."""
        name = self.name if name is None else name
        key_post = self.key_post if key_post is None else key_post
        if (name, key_post) != (self.name, self.key_post):
            self._changed(name, key_post)

    @event("Changed")
    def _changed(self, name: str, key_post: bool) -> None:
        self.name = name
        self.key_post = key_post
