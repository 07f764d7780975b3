"""Exports: commitment letters (Markdown or XLSX), briefing records and the assessment table
(XLSX), in the caller's language."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Query, Response

from lianfang_review.api.commitments import visible
from lianfang_review.api.deps import LocaleDep, ReviewDep, ServiceDep
from lianfang_review.api.duty_deps import DUTY_READERS, OVERSEERS, ScopeDep
from lianfang_review.documents import sheets
from lianfang_review.documents.layout import TITLES
from lianfang_review.documents.letters import render
from lianfang_review.domain.commitment import Commitment
from lianfang_review.domain.errors import CommitmentNotFound, Forbidden
from lianfang_review.projections import commitment_queries, content, oversight_queries
from lianfang_review.spreadsheets.writing import XLSX
from lianfang_shared.i18n import Locale, pick

router = APIRouter(prefix="/exports", tags=["exports"], dependencies=[DUTY_READERS])
Version = Annotated[int | None, Query(ge=1, description="this version (default: the newest)")]


def _file(body: bytes, media: str, stem: str, title: str) -> Response:
    ext = "md" if media.startswith("text/") else "xlsx"
    disposition = f"attachment; filename={stem}.{ext}; filename*=UTF-8''{quote(title)}.{ext}"
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


def _letter(review: ReviewDep, c: Commitment, version: int | None, locale: Locale) -> Any:
    if not c.versions:
        raise CommitmentNotFound("no commitment has been generated for this person yet")
    v = c.version_at(version or len(c.versions))
    template = review.commitment_template().at(v["template_version"])
    return v, render(v, template, locale)


@router.get("/commitment-letters/{person_id}.md", response_class=Response)
def letter_text(
    person_id: UUID, review: ReviewDep, locale: LocaleDep, scope: ScopeDep, version: Version = None
) -> Response:
    """A person's commitment letter (承诺书) as Markdown, rendered with its template version."""
    c = visible(review, person_id, scope)
    v, text = _letter(review, c, version, locale)
    title = f"{pick(TITLES['letters'], locale)}-{v['person']['name']}-v{v['version']}"
    return _file(text.encode(), "text/markdown; charset=utf-8", "commitment", title)


@router.get("/commitment-letters/{person_id}.xlsx", response_class=Response)
def letter_sheet(
    person_id: UUID, review: ReviewDep, locale: LocaleDep, scope: ScopeDep, version: Version = None
) -> Response:
    """A person's commitment letter as XLSX: the text, then its risk points and measures."""
    c = visible(review, person_id, scope)
    v, text = _letter(review, c, version, locale)
    body = sheets.letters_xlsx([(v["person"]["name"], text, v)], locale)
    title = f"{pick(TITLES['letters'], locale)}-{v['person']['name']}-v{v['version']}"
    return _file(body, XLSX, "commitment", title)


@router.get("/commitment-letters.xlsx", response_class=Response)
def letters_sheet(
    svc: ServiceDep,
    review: ReviewDep,
    locale: LocaleDep,
    scope: ScopeDep,
    department_id: UUID | None = None,
) -> Response:
    """Every generated commitment of a department (or all): a sheet per person."""
    filters = {"department_id": department_id, "visible_to": scope}
    rows, _ = commitment_queries.list_commitments(svc.db, filters, review.today(), 500, 0)
    letters = []
    for row in rows:
        c = review.commitment(row["person_id"])
        if c.versions:
            v, text = _letter(review, c, None, locale)
            letters.append((f"{v['person']['name']}（{v['person']['staff_no']}）", text, v))
    return _file(sheets.letters_xlsx(letters, locale), XLSX, "commitments",
                 pick(TITLES["letters"], locale))  # fmt: skip


@router.get("/briefing-records/{briefing_id}.xlsx", response_class=Response)
def briefing_record(
    briefing_id: UUID, review: ReviewDep, svc: ServiceDep, locale: LocaleDep, scope: ScopeDep
) -> Response:
    """廉洁风险交底表: what was told, and each person's seven knowings acknowledged."""
    b = review.get_briefing(briefing_id)
    if scope is not None and b.department_id != scope:
        raise Forbidden("this briefing belongs to another department")
    names: dict[Any, str] = content.names(svc.db, "org_persons", b.audience)
    if b.department_id:
        names |= content.names(svc.db, "departments", [b.department_id])
    body = sheets.briefing_record(b, names, locale)
    return _file(body, XLSX, "briefing", f"{pick(TITLES['briefing'], locale)}-{b.title}")


@router.get("/assessment.xlsx", response_class=Response, dependencies=[OVERSEERS])
def assessment_table(
    svc: ServiceDep,
    locale: LocaleDep,
    scope: ScopeDep,
    year: Annotated[int, Query(ge=2000, le=2100)],
) -> Response:
    """The year's assessment table: components, points, computed score, score in force
    (department people: their own department's row)."""
    rows = oversight_queries.assessments(svc.db, year)
    rows = [r for r in rows if scope is None or r["department_id"] == scope]
    body = sheets.assessment_table(year, rows, locale)
    return _file(body, XLSX, f"assessment-{year}", f"{year}{pick(TITLES['assessment'], locale)}")
