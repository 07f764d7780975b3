"""Use cases of the organisation: departments (a tree) and posts."""

from __future__ import annotations

from uuid import UUID

from lianfang_registry.application.base import RegistryBase
from lianfang_registry.domain.department import Department, DepartmentExists, DepartmentNotFound
from lianfang_registry.domain.post import Post, PostExists, PostNotFound


class OrganisationCases(RegistryBase):
    """Departments and posts."""

    def create_department(self, code: str, name: str, parent_id: UUID | None = None) -> UUID:
        """Register a department; its parent must exist."""
        if parent_id is not None:
            self.get_department(parent_id)
        department = Department(code=code, name=name, parent_id=parent_id)
        self.store(department, exists=DepartmentExists(f"department code {code!r} exists already"))
        return department.id

    def rename_department(self, department_id: UUID, name: str) -> None:
        """Rename a department."""
        department = self.get_department(department_id)
        department.rename(name)
        self.store(department)

    def get_department(self, department_id: UUID) -> Department:
        """The department, or DepartmentNotFound."""
        return self.load(Department, department_id, DepartmentNotFound)

    def create_post(self, department_id: UUID, code: str, name: str, key_post: bool) -> UUID:
        """Register a post of a department."""
        self.get_department(department_id)
        post = Post(department_id=department_id, code=code, name=name, key_post=key_post)
        self.store(post, exists=PostExists(f"the department has a post {code!r} already"))
        return post.id

    def change_post(self, post_id: UUID, name: str | None, key_post: bool | None) -> None:
        """Rename a post or set its key-post flag (重点岗位)."""
        post = self.get_post(post_id)
        post.change(name=name, key_post=key_post)
        self.store(post)

    def get_post(self, post_id: UUID) -> Post:
        """The post, or PostNotFound."""
        return self.load(Post, post_id, PostNotFound)
