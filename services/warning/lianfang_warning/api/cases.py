"""Case routes: lists, one case, its timeline; linking, assigning, assessing, warning, closing."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, status

from lianfang_shared.auth import CurrentUser
from lianfang_warning import timeline
from lianfang_warning.api import views
from lianfang_warning.api.case_schemas import (
    Assessed,
    AssessmentCreate,
    AssigneesUpdate,
    CaseList,
    CaseRead,
    CaseSummary,
    ClosureCreate,
    GradedPoint,
    MergeCreate,
    Suggestion,
    WarningCreate,
)
from lianfang_warning.api.deps import (
    ISSUERS,
    OFFICE,
    READERS,
    AppDep,
    LocaleDep,
    Offset,
    Page,
    ServiceDep,
)
from lianfang_warning.api.schemas import Created
from lianfang_warning.domain.drafts import WarningDraft
from lianfang_warning.domain.errors import CaseNotFound
from lianfang_warning.domain.lifecycle import CASE
from lianfang_warning.domain.vocab import Channel, Decision, Severity, label
from lianfang_warning.projections import case_queries, warning_queries

router = APIRouter(prefix="/cases", tags=["cases"])
NO_CONTENT = status.HTTP_204_NO_CONTENT
CASE_STATES = f"^({'|'.join(CASE.states)})$"


@router.get("", dependencies=[READERS])
def list_cases(
    svc: ServiceDep,
    locale: LocaleDep,
    state: Annotated[str | None, Query(pattern=CASE_STATES)] = None,
    channel: Channel | None = None,
    department_id: UUID | None = None,
    severity: Severity | None = None,
    decision: Decision | None = None,
    assignee: str | None = None,
    q: Annotated[str | None, Query(max_length=50)] = None,
    limit: Page = 50,
    offset: Offset = 0,
) -> CaseList:
    """Cases, newest first, by state, channel, department, severity, decision or handler."""
    filters = {
        "state": state,
        "channel": channel,
        "department_id": department_id,
        "severity": severity,
        "decision": decision,
        "assignee": assignee,
        "q": q,
    }
    rows, total = case_queries.list_cases(svc.db, filters, limit, offset)
    return CaseList(items=[views.case_summary(r, locale) for r in rows], total=total)


def _row(svc: Any, case_id: UUID) -> dict[str, Any]:
    row = case_queries.case_row(svc.db, case_id)
    if row is None:
        raise CaseNotFound(f"case {case_id} not found")
    return row


@router.get("/{case_id}", dependencies=[READERS])
def get_case(case_id: UUID, svc: ServiceDep, app: AppDep, locale: LocaleDep) -> CaseRead:
    """One case with its signals and warnings."""
    row = _row(svc, case_id)
    signals = case_queries.signals_of(svc.db, case_id)
    warnings, _ = warning_queries.list_warnings(svc.db, {"case_id": case_id}, app.today(), 500, 0)
    return views.case_read(row, signals, warnings, locale)


@router.get("/{case_id}/timeline", dependencies=[READERS])
def case_timeline(case_id: UUID, app: AppDep, svc: ServiceDep, locale: LocaleDep) -> list[Any]:
    """Everything that happened to the case, its signals and its warnings, in time order."""
    case = app.get_case(case_id)
    merged = case_queries.merged_into(svc.db, case_id)
    ids = [case.id, *merged, *case.signal_ids, *case.warning_ids]
    return timeline.entries(app, ids, locale)


@router.get("/{case_id}/similar", dependencies=[READERS])
def similar_cases(case_id: UUID, svc: ServiceDep, locale: LocaleDep) -> list[CaseSummary]:
    """Live cases about the same department, person or risk point: candidates to link."""
    _row(svc, case_id)
    return [views.case_summary(r, locale) for r in case_queries.similar(svc.db, case_id)]


@router.get("/{case_id}/suggestion", dependencies=[READERS])
def suggestion(
    case_id: UUID,
    app: AppDep,
    locale: LocaleDep,
    risk_point_ids: Annotated[list[UUID] | None, Query(max_length=50)] = None,
) -> Suggestion:
    """The severity and measure the risk points' current grades (from review) suggest."""
    s = app.suggestion(case_id, risk_point_ids)
    return Suggestion(
        risk_points=[
            GradedPoint(
                id=p["id"],
                grade=p["grade"],
                grade_label=label(f"grade:{p['grade']}", locale) if p["grade"] else "",
            )
            for p in s["risk_points"]
        ],
        severity=s["severity"],
        severity_label=label(s["severity"], locale) if s["severity"] else "",
        measure=s["measure"],
        measure_label=label(s["measure"], locale) if s["measure"] else "",
    )


@router.put("/{case_id}/assignees", status_code=NO_CONTENT, dependencies=[OFFICE])
def assign(
    case_id: UUID, body: AssigneesUpdate, app: AppDep, svc: ServiceDep, user: CurrentUser
) -> None:
    """Set who handles the case (a current handler does this)."""
    app.assign(case_id, body.assignees, user.user_id)
    svc.settle()


@router.post("/{case_id}/merges", status_code=NO_CONTENT, dependencies=[OFFICE])
def merge(
    case_id: UUID, body: MergeCreate, app: AppDep, svc: ServiceDep, user: CurrentUser
) -> None:
    """Link a duplicate case into this one: its signals and handlers move here."""
    app.merge_cases(case_id, body.case_id, user.user_id)
    svc.settle()


@router.post("/{case_id}/assessments", status_code=status.HTTP_201_CREATED, dependencies=[OFFICE])
def assess(case_id: UUID, body: AssessmentCreate, app: AppDep, svc: ServiceDep) -> Assessed:
    """Record the assessment: severity, risk points concerned, decision."""
    suggested = app.assess(
        case_id, body.severity, body.decision, body.risk_point_ids, body.reasoning
    )
    svc.settle()
    return Assessed(suggested_severity=suggested)


@router.post("/{case_id}/warnings", status_code=status.HTTP_201_CREATED, dependencies=[ISSUERS])
def issue_warning(
    case_id: UUID, body: WarningCreate, app: AppDep, svc: ServiceDep, user: CurrentUser
) -> Created:
    """Issue a warning to a department (and named persons), within the issuer's authority."""
    warning_id = app.issue_warning(case_id, WarningDraft(**body.model_dump()), user)
    svc.settle()
    return Created(id=warning_id)


@router.post("/{case_id}/closure", status_code=NO_CONTENT, dependencies=[OFFICE])
def close_case(case_id: UUID, body: ClosureCreate, app: AppDep, svc: ServiceDep) -> None:
    """Close the case (办结) once every warning is accepted or withdrawn."""
    app.close_case(case_id, body.summary)
    svc.settle()
