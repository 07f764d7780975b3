"""Post routes (岗位): posts of departments, who holds them, and the powers they carry."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status

from lianfang_registry.api import views
from lianfang_registry.api.deps import (
    ORGANISATION,
    LocaleDep,
    Offset,
    Page,
    RegistryDep,
    ServiceDep,
)
from lianfang_registry.api.power_schemas import PostPowerList
from lianfang_registry.api.schemas import (
    Created,
    PostCreate,
    PostDetail,
    PostList,
    PostRead,
    PostUpdate,
)
from lianfang_registry.domain.post import PostNotFound
from lianfang_registry.projections import org_queries, power_queries
from lianfang_shared.params import Day

router = APIRouter(prefix="/posts", tags=["organisation"])


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=[ORGANISATION])
def create_post(body: PostCreate, registry: RegistryDep, svc: ServiceDep) -> Created:
    """Register a post of a department (key posts: 重点岗位)."""
    post_id = registry.create_post(body.department_id, body.code, body.name, body.key_post)
    svc.settle()
    return Created(id=post_id)


@router.get("")
def list_posts(
    svc: ServiceDep,
    department_id: UUID | None = None,
    key_post: bool | None = None,
    limit: Page = 50,
    offset: Offset = 0,
) -> PostList:
    """Posts, filtered by department and key-post flag."""
    rows, total = org_queries.list_posts(svc.db, department_id, key_post, limit, offset)
    return PostList(items=[PostRead(**r) for r in rows], total=total)


@router.get("/{post_id}")
def get_post(
    post_id: UUID,
    svc: ServiceDep,
    locale: LocaleDep,
    as_of: Annotated[Day | None, Query(description="default: today")] = None,
) -> PostDetail:
    """A post and who holds it on a date."""
    row = org_queries.get_post(svc.db, post_id)
    if row is None:
        raise PostNotFound(f"post {post_id} not found")
    holders = org_queries.holders(svc.db, post_id, as_of or date.today())
    return PostDetail(**row, holders=[views.holding(h, locale) for h in holders])


@router.patch("/{post_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=[ORGANISATION])
def change_post(post_id: UUID, body: PostUpdate, registry: RegistryDep, svc: ServiceDep) -> None:
    """Rename a post or set its key-post flag."""
    registry.change_post(post_id, body.name, body.key_post)
    svc.settle()


@router.get("/{post_id}/powers")
def post_powers(
    post_id: UUID, svc: ServiceDep, locale: LocaleDep, limit: Page = 50, offset: Offset = 0
) -> PostPowerList:
    """What this post may do: powers (not retired) it is accountable for or runs a step of."""
    rows, total = power_queries.post_powers(svc.db, post_id, limit, offset)
    return PostPowerList(items=[views.post_power(r, locale) for r in rows], total=total)
