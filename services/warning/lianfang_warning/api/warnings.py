"""Warning routes: lists (open, overdue), one warning and its timeline; the office's decisions."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, status

from lianfang_shared.params import Day
from lianfang_warning import timeline
from lianfang_warning.api import views
from lianfang_warning.api.deps import (
    OFFICE,
    AppDep,
    LocaleDep,
    Offset,
    Page,
    ScopeDep,
    ServiceDep,
)
from lianfang_warning.api.schemas import Created
from lianfang_warning.api.warning_schemas import (
    AcceptCreate,
    DeadlineUpdate,
    MeasureCreate,
    ReturnCreate,
    WarningList,
    WarningRead,
    WithdrawalCreate,
)
from lianfang_warning.domain.errors import WarningNotFound
from lianfang_warning.domain.lifecycle import WARNING
from lianfang_warning.domain.vocab import Severity
from lianfang_warning.projections import warning_queries

router = APIRouter(prefix="/warnings", tags=["warnings"])
NO_CONTENT = status.HTTP_204_NO_CONTENT
WARNING_STATES = f"^({'|'.join(WARNING.states)})$"


@router.get("")
def list_warnings(
    svc: ServiceDep,
    app: AppDep,
    locale: LocaleDep,
    scope: ScopeDep,
    department_id: UUID | None = None,
    severity: Severity | None = None,
    state: Annotated[str | None, Query(pattern=WARNING_STATES)] = None,
    open: Annotated[bool, Query(description="only those not closed or withdrawn")] = False,
    due_before: Annotated[Day | None, Query(description="rectification due by")] = None,
    overdue: bool = False,
    limit: Page = 50,
    offset: Offset = 0,
) -> WarningList:
    """Warnings by rectification due date; a department head sees their department's only."""
    filters = {
        "department_id": scope or department_id,
        "severity": severity,
        "state": state,
        "open": open,
        "due_before": due_before,
        "overdue": overdue,
    }
    rows, total = warning_queries.list_warnings(svc.db, filters, app.today(), limit, offset)
    return WarningList(items=[views.warning_summary(r, locale) for r in rows], total=total)


@router.get("/overdue")
def overdue_warnings(
    svc: ServiceDep, app: AppDep, locale: LocaleDep, scope: ScopeDep, limit: Page = 200
) -> WarningList:
    """Warnings whose response or rectification deadline has passed with the step undone."""
    filters = {"department_id": scope, "overdue": True}
    rows, total = warning_queries.list_warnings(svc.db, filters, app.today(), limit, 0)
    return WarningList(items=[views.warning_summary(r, locale) for r in rows], total=total)


@router.get("/{warning_id}")
def get_warning(
    warning_id: UUID, svc: ServiceDep, app: AppDep, locale: LocaleDep, scope: ScopeDep
) -> WarningRead:
    """One warning: what it discloses, the rectification, evaluations and measures."""
    app.get_warning(warning_id, scope)
    row = warning_queries.warning_row(svc.db, warning_id, app.today())
    if row is None:
        raise WarningNotFound(f"warning {warning_id} not found")
    actions = warning_queries.actions_of(svc.db, [warning_id])
    measures = warning_queries.measures_of(svc.db, [warning_id])
    return views.warning_read(row, actions, measures, locale)


@router.get("/{warning_id}/timeline")
def warning_timeline(
    warning_id: UUID, app: AppDep, locale: LocaleDep, scope: ScopeDep
) -> list[Any]:
    """Everything that happened to the warning, in time order."""
    app.get_warning(warning_id, scope)
    return timeline.entries(app, [warning_id], locale)


@router.post("/{warning_id}/extensions", status_code=NO_CONTENT, dependencies=[OFFICE])
def extend(warning_id: UUID, body: DeadlineUpdate, app: AppDep, svc: ServiceDep) -> None:
    """Move the response or rectification deadline later (延期), with the reason."""
    app.extend_deadline(warning_id, body.deadline, body.due, body.reason)
    svc.settle()


@router.post("/{warning_id}/withdrawal", status_code=NO_CONTENT, dependencies=[OFFICE])
def withdraw(warning_id: UUID, body: WithdrawalCreate, app: AppDep, svc: ServiceDep) -> None:
    """Withdraw a warning that is still open."""
    app.withdraw_warning(warning_id, body.reason)
    svc.settle()


@router.post("/{warning_id}/returns", status_code=NO_CONTENT, dependencies=[OFFICE])
def return_record(warning_id: UUID, body: ReturnCreate, app: AppDep, svc: ServiceDep) -> None:
    """Return the disposal record with reasons (退回), perhaps with a new deadline."""
    app.return_record(warning_id, body.reason, body.rectify_by)
    svc.settle()


@router.post("/{warning_id}/acceptance", status_code=NO_CONTENT, dependencies=[OFFICE])
def accept(warning_id: UUID, body: AcceptCreate, app: AppDep, svc: ServiceDep) -> None:
    """Accept the rectification (评估通过)."""
    app.accept_record(warning_id, body.evaluation)
    svc.settle()


@router.post("/{warning_id}/measures", status_code=status.HTTP_201_CREATED, dependencies=[OFFICE])
def apply_measure(warning_id: UUID, body: MeasureCreate, app: AppDep, svc: ServiceDep) -> Created:
    """Apply a disposal measure: 风险提示, 谈话提醒, 诫勉谈话 or 责令整改."""
    measure_id = app.apply_measure(
        warning_id, body.measure, body.person_id, body.reason, body.applied_on, body.conducted_by
    )
    svc.settle()
    return Created(id=measure_id)
