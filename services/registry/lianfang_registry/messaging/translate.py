"""Domain event → integration contract (the only things that leave the service)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lianfang_registry.domain.department import Department
from lianfang_registry.domain.person import Person
from lianfang_registry.domain.post import Post
from lianfang_registry.domain.power import Power
from lianfang_shared.contracts import IntegrationEvent
from lianfang_shared.contracts import registry as c

_TRANSLATIONS: dict[type, Callable[[Any], IntegrationEvent]] = {
    Department.Created: lambda e: c.DepartmentCreated(
        department_id=e.originator_id, code=e.code, name=e.name, parent_id=e.parent_id
    ),
    Department.Renamed: lambda e: c.DepartmentRenamed(department_id=e.originator_id, name=e.name),
    Post.Created: lambda e: c.PostCreated(
        post_id=e.originator_id,
        department_id=e.department_id,
        code=e.code,
        name=e.name,
        key_post=e.key_post,
    ),
    Post.Changed: lambda e: c.PostChanged(
        post_id=e.originator_id, name=e.name, key_post=e.key_post
    ),
    Person.Created: lambda e: c.PersonCreated(
        person_id=e.originator_id, staff_no=e.staff_no, name=e.name, rank=str(e.rank)
    ),
    Person.RankChanged: lambda e: c.PersonRankChanged(person_id=e.originator_id, rank=str(e.rank)),
    Person.Appointed: lambda e: c.PersonAppointed(
        person_id=e.originator_id,
        post_id=e.post_id,
        department_id=e.department_id,
        effective_on=e.effective_on,
    ),
    Person.Transferred: lambda e: c.PersonTransferred(
        person_id=e.originator_id,
        from_post_id=e.from_post_id,
        to_post_id=e.to_post_id,
        to_department_id=e.to_department_id,
        effective_on=e.effective_on,
    ),
    Person.Relieved: lambda e: c.PersonRelieved(
        person_id=e.originator_id, post_id=e.post_id, effective_on=e.effective_on
    ),
    Person.Left: lambda e: c.PersonLeft(
        person_id=e.originator_id, effective_on=e.effective_on, reason=e.reason
    ),
    Person.InChargeSet: lambda e: c.LeaderInChargeSet(
        person_id=e.originator_id, department_ids=e.department_ids
    ),
    Power.Registered: lambda e: c.PowerRegistered(
        power_id=e.originator_id,
        department_id=e.department_id,
        code=e.code,
        status=str(e.status),
        revision=1,
        details=c.PowerDetails(**e.details),
    ),
    Power.Amended: lambda e: c.PowerAmended(
        power_id=e.originator_id,
        revision=e.revision,
        changed=e.changed,
        reason=e.reason,
        details=c.PowerDetails(**e.details),
    ),
    Power.Activated: lambda e: c.PowerActivated(power_id=e.originator_id),
    Power.Retired: lambda e: c.PowerRetired(power_id=e.originator_id, reason=e.reason),
    Power.ResponsibilityItemAdded: lambda e: c.ResponsibilityItemAdded(
        power_id=e.originator_id, item_id=e.item_id, description=e.description, post_id=e.post_id
    ),
    Power.ResponsibilityItemRemoved: lambda e: c.ResponsibilityItemRemoved(
        power_id=e.originator_id, item_id=e.item_id
    ),
    Power.StepAdded: lambda e: c.ProcessStepAdded(
        power_id=e.originator_id,
        step_id=e.step_id,
        position=e.position,
        name=e.name,
        post_id=e.post_id,
        description=e.description,
    ),
    Power.StepChanged: lambda e: c.ProcessStepChanged(
        power_id=e.originator_id,
        step_id=e.step_id,
        name=e.name,
        post_id=e.post_id,
        description=e.description,
    ),
    Power.StepRemoved: lambda e: c.ProcessStepRemoved(power_id=e.originator_id, step_id=e.step_id),
    Power.StepsReordered: lambda e: c.ProcessFlowReordered(
        power_id=e.originator_id, step_ids=e.step_ids
    ),
}


def translate(e: Any) -> IntegrationEvent | None:
    """The public contract of a registry domain event, or None if it stays internal."""
    to_contract = _TRANSLATIONS.get(type(e))
    return to_contract(e) if to_contract is not None else None
