"""Integrity-commitment routes (廉洁承诺): the template, generating, signing, receipt,
publicity (公示), lists and history."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, status

from lianfang_review.api.commitment_schemas import (
    CommitmentCreate,
    CommitmentList,
    CommitmentRead,
    CommitmentSummary,
    CommitmentVersion,
    Generated,
    HistoryEntry,
    Publicity,
    PublicityCreate,
    ReceiptCreate,
    SignatureCreate,
)  # fmt: skip
from lianfang_review.api.deps import ActorDep, LocaleDep, Offset, Page, ReviewDep, ServiceDep
from lianfang_review.api.duty_deps import DUTY_READERS, ScopeDep
from lianfang_review.documents.letters import recipient_text
from lianfang_review.domain.commitment import Commitment
from lianfang_review.domain.errors import CommitmentNotFound, Forbidden
from lianfang_review.domain.terms import CommitmentStatus, term
from lianfang_review.domain.vocab import rank_label
from lianfang_review.projections import commitment_queries as q
from lianfang_shared.i18n import Locale
from lianfang_shared.params import Day

router = APIRouter(tags=["commitments"], dependencies=[DUTY_READERS])
NO_CONTENT = status.HTTP_204_NO_CONTENT
Version = Annotated[int | None, Query(ge=1, description="this version (default: the newest)")]


@router.post("/commitments", status_code=status.HTTP_201_CREATED)
def generate(
    body: CommitmentCreate, actor: ActorDep, review: ReviewDep, svc: ServiceDep
) -> Generated:
    """Generate the person's commitment (a new version) from their rank, posts and the approved
    risk points that apply, awaiting their signature."""
    result = review.generate_commitment(actor, body.person_id)
    svc.settle()
    return Generated(**result)


def summary(row: dict[str, Any], locale: Locale) -> CommitmentSummary:
    """A commitment in a list."""
    rank = row["rank"] or row["person_rank"]
    return CommitmentSummary(
        **{k: v for k, v in row.items() if k in CommitmentSummary.model_fields and k != "rank"},
        rank=rank, rank_label=rank_label(rank, locale), status_label=term(row["status"], locale),
        owed_cause_label=term(row["owed_cause"], locale),
    )  # fmt: skip


@router.get("/commitments")
def list_commitments(
    svc: ServiceDep,
    review: ReviewDep,
    locale: LocaleDep,
    scope: ScopeDep,
    department_id: UUID | None = None,
    status: CommitmentStatus | None = None,
    owed: Annotated[bool, Query(description="only those still to sign or renew")] = False,
    publicised_on: Annotated[
        Day | None, Query(description="publicised on this date (公示)")
    ] = None,
    limit: Page = 50,
    offset: Offset = 0,
) -> CommitmentList:
    """Commitments by department, with status, signature, publicity and what is owed."""
    filters = {"department_id": department_id, "status": status, "owed": owed,
               "publicised_on": publicised_on, "visible_to": scope}  # fmt: skip
    rows, total = q.list_commitments(svc.db, filters, review.today(), limit, offset)
    return CommitmentList(items=[summary(r, locale) for r in rows], total=total)


def visible(review: ReviewDep, person_id: UUID, scope: ScopeDep) -> Commitment:
    """The person's commitment, if the caller may see it."""
    c = review.commitment(person_id)
    if scope is not None and c.department_id != scope:
        raise Forbidden("this commitment belongs to another department")
    return c


def version_read(v: dict[str, Any], locale: Locale) -> CommitmentVersion:
    """A version of a commitment for people."""
    return CommitmentVersion(
        **{k: v[k] for k in CommitmentVersion.model_fields if k in v and k != "recipient"},
        recipient=v["recipient"], rank_label=rank_label(v["rank"], locale),
        recipient_text=recipient_text(v["recipient"], locale),
    )  # fmt: skip


@router.get("/commitments/{person_id}")
def get_commitment(
    person_id: UUID, review: ReviewDep, locale: LocaleDep, scope: ScopeDep, version: Version = None
) -> CommitmentRead:
    """A person's commitment: status, what is owed, and a version's content."""
    c = visible(review, person_id, scope)
    content = None
    if c.versions:
        content = version_read(c.version_at(version or len(c.versions)), locale)
    elif version is not None:
        raise CommitmentNotFound("no commitment has been generated for this person yet")
    return CommitmentRead(
        person_id=c.person_id, department_id=c.department_id, status=c.status,
        status_label=term(c.status.value, locale), owed=c.owed, valid_until=c.valid_until,
        versions=len(c.versions), content=content,
    )  # fmt: skip


@router.post("/commitments/{person_id}/signature", status_code=NO_CONTENT)
def sign(
    person_id: UUID, body: SignatureCreate, actor: ActorDep, review: ReviewDep, svc: ServiceDep
) -> None:
    """The person signs the version they read (its number and digest)."""
    review.sign_commitment(actor, person_id, body.version, body.digest)
    svc.settle()


@router.post("/commitments/{person_id}/receipt", status_code=NO_CONTENT)
def receive(
    person_id: UUID, body: ReceiptCreate, actor: ActorDep, review: ReviewDep, svc: ServiceDep
) -> None:
    """The recipient (department leadership, leader in charge, party secretary) takes it."""
    review.receive_commitment(actor, person_id, body.version)
    svc.settle()


@router.post("/commitments/{person_id}/publicity", status_code=status.HTTP_201_CREATED)
def publicise(
    person_id: UUID, body: PublicityCreate, actor: ActorDep, review: ReviewDep, svc: ServiceDep
) -> Publicity:
    """Publicise (公示) the signed commitment for a period."""
    period = review.publicise_commitment(actor, person_id, body.version, body.start_on, body.end_on)
    svc.settle()
    return Publicity(**period)


@router.get("/commitments/{person_id}/history")
def history(person_id: UUID, review: ReviewDep, scope: ScopeDep) -> list[HistoryEntry]:
    """Every event of the person's commitment: generated, signed, stale... who and when."""
    c = visible(review, person_id, scope)
    return [HistoryEntry(**h) for h in review.aggregate_history(c.id)]
