"""Publication routes (公开): publish an approved list within a scope as a new immutable
version; list, read and cite published versions."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, status

from lianfang_review.api.deps import ActorDep, LocaleDep, ReviewDep, ServiceDep
from lianfang_review.api.duty_deps import DUTY_READERS
from lianfang_review.api.oversight_schemas import (
    PublicationCreate,
    PublicationCreated,
    PublicationList,
    PublicationRead,
    PublicationSummary,
)
from lianfang_review.domain.terms import PublicationKind, term
from lianfang_review.projections import content, oversight_queries
from lianfang_shared.i18n import Locale

router = APIRouter(prefix="/publications", tags=["publication"], dependencies=[DUTY_READERS])


def citation(row: dict[str, Any], locale: Locale) -> str:
    """《物资供应部风险与措施清单》第2版（2026-03-01）."""
    day = row["published_on"].isoformat()
    if locale == "en":
        return f"{row['title']}, version {row['version']} ({day})"
    edition = "版"
    return f"《{row['title']}》第{row['version']}{edition}（{day}）"


def summary(row: dict[str, Any], locale: Locale) -> PublicationSummary:
    return PublicationSummary(
        **{k: v for k, v in row.items() if k in PublicationSummary.model_fields},
        kind_label=term(row["kind"], locale),
        citation=citation(row, locale),
    )


@router.post("", status_code=status.HTTP_201_CREATED)
def publish(
    body: PublicationCreate, actor: ActorDep, review: ReviewDep, svc: ServiceDep
) -> PublicationCreated:
    """Publish (office) the list as it stands for a department or the factory: the next
    version; refused if nothing changed since the last."""
    result = review.publish_list(actor, body.kind, body.department_id, body.note)
    svc.settle()
    return PublicationCreated(**result)


@router.get("")
def list_publications(
    svc: ServiceDep,
    locale: LocaleDep,
    kind: PublicationKind | None = None,
    department_id: UUID | None = None,
) -> PublicationList:
    """Published versions, newest first."""
    rows = oversight_queries.publications(svc.db, kind, department_id)
    return PublicationList(items=[summary(r, locale) for r in rows], total=len(rows))


@router.get("/{publication_id}")
def get_publication(
    publication_id: UUID, review: ReviewDep, svc: ServiceDep, locale: LocaleDep
) -> PublicationRead:
    """One published version with its rows, exactly as published."""
    p = review.get_publication(publication_id)
    dept = content.names(svc.db, "departments", [p.department_id]) if p.department_id else {}
    row = {
        "id": p.id, "kind": p.kind.value, "department_id": p.department_id,
        "department_name": dept.get(p.department_id) if p.department_id else None,
        "version": p.version, "title": p.title, "published_on": p.published_on,
        "published_by": review.aggregate_history(p.id)[0]["actor"], "row_count": len(p.rows),
        "digest": p.digest,
    }  # fmt: skip
    return PublicationRead(**summary(row, locale).model_dump(), note=p.note, rows=p.rows)
