"""Person routes (人员): rank, appointments, transfers, leaving, 分管, current posts."""

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
from lianfang_registry.api.schemas import (
    AppointmentCreate,
    AppointmentRead,
    Created,
    DepartmentRef,
    HoldingList,
    InChargeUpdate,
    LeavingCreate,
    PersonCreate,
    PersonList,
    PersonRead,
    PersonUpdate,
    ReliefCreate,
    TransferCreate,
)
from lianfang_registry.domain.vocab import Rank, label
from lianfang_registry.projections import org_queries
from lianfang_shared.params import Day

router = APIRouter(prefix="/persons", tags=["organisation"])
AsOf = Annotated[Day | None, Query(description="default: today")]
NO_CONTENT = status.HTTP_204_NO_CONTENT


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=[ORGANISATION])
def create_person(body: PersonCreate, registry: RegistryDep, svc: ServiceDep) -> Created:
    """Register a person by staff number, with a rank."""
    person_id = registry.create_person(body.staff_no, body.name, body.rank)
    svc.settle()
    return Created(id=person_id)


@router.get("")
def list_persons(
    svc: ServiceDep,
    locale: LocaleDep,
    department_id: UUID | None = None,
    rank: Rank | None = None,
    in_charge_of: UUID | None = None,
    q: Annotated[str | None, Query(max_length=50)] = None,
    include_left: bool = False,
    as_of: AsOf = None,
    limit: Page = 50,
    offset: Offset = 0,
) -> PersonList:
    """Persons, filtered by current department, rank, 分管 department or name/staff number."""
    filters = {"department_id": department_id, "rank": rank, "in_charge_of": in_charge_of}
    filters |= {"q": q, "include_left": include_left}
    rows, total = org_queries.list_persons(svc.db, filters, as_of or date.today(), limit, offset)
    return PersonList(items=[views.person(r, locale) for r in rows], total=total)


@router.get("/{person_id}")
def get_person(
    person_id: UUID, registry: RegistryDep, svc: ServiceDep, locale: LocaleDep, as_of: AsOf = None
) -> PersonRead:
    """A person: rank, current posts with tenure, 分管 departments, every appointment."""
    p = registry.get_person(person_id)
    posts = org_queries.current_posts(svc.db, person_id, as_of or date.today())
    return PersonRead(
        id=p.id,
        staff_no=p.staff_no,
        name=p.name,
        rank=p.rank,
        rank_label=label(p.rank, locale),
        left_on=p.left_on,
        version=p.version,
        leaving_reason=p.leaving_reason,
        posts=[views.holding(r, locale) for r in posts],
        in_charge_of=[DepartmentRef(**d) for d in org_queries.in_charge_of(svc.db, person_id)],
        appointments=[
            AppointmentRead(
                post_id=a["post_id"],
                department_id=a["department_id"],
                start_on=a["start"],
                end_on=a["end"],
            )
            for a in p.appointments
        ],
    )


@router.get("/{person_id}/posts")
def current_posts(
    person_id: UUID, svc: ServiceDep, locale: LocaleDep, as_of: AsOf = None
) -> HoldingList:
    """The posts a person holds on a date, with tenure."""
    rows = org_queries.current_posts(svc.db, person_id, as_of or date.today())
    return HoldingList(items=[views.holding(r, locale) for r in rows], total=len(rows))


@router.patch("/{person_id}", status_code=NO_CONTENT, dependencies=[ORGANISATION])
def change_rank(
    person_id: UUID, body: PersonUpdate, registry: RegistryDep, svc: ServiceDep
) -> None:
    """Change a person's rank."""
    registry.change_rank(person_id, body.rank)
    svc.settle()


@router.post("/{person_id}/appointments", status_code=NO_CONTENT, dependencies=[ORGANISATION])
def appoint(
    person_id: UUID, body: AppointmentCreate, registry: RegistryDep, svc: ServiceDep
) -> None:
    """Appoint a person to a post from a date."""
    registry.appoint(person_id, body.post_id, body.effective_on)
    svc.settle()


@router.post("/{person_id}/transfers", status_code=NO_CONTENT, dependencies=[ORGANISATION])
def transfer(person_id: UUID, body: TransferCreate, registry: RegistryDep, svc: ServiceDep) -> None:
    """Transfer a person from one post to another on a date."""
    registry.transfer(person_id, body.from_post_id, body.to_post_id, body.effective_on)
    svc.settle()


@router.post("/{person_id}/reliefs", status_code=NO_CONTENT, dependencies=[ORGANISATION])
def relieve(person_id: UUID, body: ReliefCreate, registry: RegistryDep, svc: ServiceDep) -> None:
    """End one of a person's posts on a date."""
    registry.relieve(person_id, body.post_id, body.effective_on)
    svc.settle()


@router.post("/{person_id}/leaving", status_code=NO_CONTENT, dependencies=[ORGANISATION])
def leave(person_id: UUID, body: LeavingCreate, registry: RegistryDep, svc: ServiceDep) -> None:
    """A person leaves the organisation on a date."""
    registry.leave(person_id, body.effective_on, body.reason)
    svc.settle()


@router.put("/{person_id}/in-charge", status_code=NO_CONTENT, dependencies=[ORGANISATION])
def set_in_charge(
    person_id: UUID, body: InChargeUpdate, registry: RegistryDep, svc: ServiceDep
) -> None:
    """Set the departments a leader is in charge of (分管)."""
    registry.set_in_charge(person_id, body.department_ids)
    svc.settle()
