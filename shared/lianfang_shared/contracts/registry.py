"""Contracts published by the registry service (topic ``<prefix>.registry.events``)."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from lianfang_shared.contracts import IntegrationEvent, contract


@contract("lianfang.registry.department.created")
class DepartmentCreated(IntegrationEvent):
    """A department (部门) was added to the organisation."""

    department_id: UUID
    code: str
    name: str
    parent_id: UUID | None = None


@contract("lianfang.registry.department.renamed")
class DepartmentRenamed(IntegrationEvent):
    """A department's name changed."""

    department_id: UUID
    name: str


# Vocabulary of the registry, as it travels (labels for people live in the registry).
Rank = Literal["staff", "key_post", "middle_cadre", "leader", "party_secretary"]
PowerCategory = Literal[
    "decision", "approval", "execution", "supervision", "personnel", "finance", "other"
]
PowerStatus = Literal["draft", "active", "amended", "retired"]


class PowerDetails(BaseModel):
    """The catalogue fields of a power (职权目录, annex 1), besides its department and code."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    category: PowerCategory
    content: str = ""
    basis: str = Field("", description="制度依据")
    handling_department: str = Field("", description="办理部门")
    subject: str = Field("", description="主体")
    conditions: str = Field("", description="条件")
    procedure: str = Field("", description="程序")
    time_limit: str = Field("", description="时限")
    responsibility: str = Field("", description="责任")
    supervision: str = Field("", description="监督方式")


@contract("lianfang.registry.post.created")
class PostCreated(IntegrationEvent):
    """A post (岗位) was added to a department."""

    post_id: UUID
    department_id: UUID
    code: str
    name: str
    key_post: bool = Field(description="重点岗位")


@contract("lianfang.registry.post.changed")
class PostChanged(IntegrationEvent):
    """A post was renamed or its key-post flag changed (the new values)."""

    post_id: UUID
    name: str
    key_post: bool


@contract("lianfang.registry.person.created")
class PersonCreated(IntegrationEvent):
    """A person was registered."""

    person_id: UUID
    staff_no: str
    name: str
    rank: Rank


@contract("lianfang.registry.person.rank_changed")
class PersonRankChanged(IntegrationEvent):
    """A person's rank changed."""

    person_id: UUID
    rank: Rank


@contract("lianfang.registry.person.appointed")
class PersonAppointed(IntegrationEvent):
    """A person took up a post (in addition to any they hold) from ``effective_on``."""

    person_id: UUID
    post_id: UUID
    department_id: UUID
    effective_on: date


@contract("lianfang.registry.person.transferred")
class PersonTransferred(IntegrationEvent):
    """A person left one post for another on ``effective_on`` (tenure restarts)."""

    person_id: UUID
    from_post_id: UUID
    to_post_id: UUID
    to_department_id: UUID
    effective_on: date


@contract("lianfang.registry.person.relieved")
class PersonRelieved(IntegrationEvent):
    """One of a person's posts ended on ``effective_on``."""

    person_id: UUID
    post_id: UUID
    effective_on: date


@contract("lianfang.registry.person.left")
class PersonLeft(IntegrationEvent):
    """A person left the organisation; all their posts ended on ``effective_on``."""

    person_id: UUID
    effective_on: date
    reason: str


@contract("lianfang.registry.leader.in_charge_set")
class LeaderInChargeSet(IntegrationEvent):
    """The departments a leader is in charge of (分管), replacing the previous set."""

    person_id: UUID
    department_ids: list[UUID]


@contract("lianfang.registry.power.registered")
class PowerRegistered(IntegrationEvent):
    """A power (职权) was catalogued for a department, as a draft or in force."""

    power_id: UUID
    department_id: UUID
    code: str
    status: PowerStatus
    revision: int
    details: PowerDetails


@contract("lianfang.registry.power.amended")
class PowerAmended(IntegrationEvent):
    """A power has a new revision: every field as it now stands, which changed, and why."""

    power_id: UUID
    revision: int
    changed: list[str]
    reason: str
    details: PowerDetails


@contract("lianfang.registry.power.activated")
class PowerActivated(IntegrationEvent):
    """A draft power came into force."""

    power_id: UUID


@contract("lianfang.registry.power.retired")
class PowerRetired(IntegrationEvent):
    """A power is no longer in force (its history stays)."""

    power_id: UUID
    reason: str


@contract("lianfang.registry.responsibility_item.added")
class ResponsibilityItemAdded(IntegrationEvent):
    """A responsibility item of a power (权力和责任清单) and the post accountable for it."""

    power_id: UUID
    item_id: UUID
    description: str
    post_id: UUID


@contract("lianfang.registry.responsibility_item.removed")
class ResponsibilityItemRemoved(IntegrationEvent):
    """A responsibility item was dropped."""

    power_id: UUID
    item_id: UUID


@contract("lianfang.registry.process_step.added")
class ProcessStepAdded(IntegrationEvent):
    """A step was added to a power's flow at ``position`` (1-based; later steps move down)."""

    power_id: UUID
    step_id: UUID
    position: int
    name: str
    post_id: UUID
    description: str = ""


@contract("lianfang.registry.process_step.changed")
class ProcessStepChanged(IntegrationEvent):
    """A step was renamed, described or reassigned to another post (the new values)."""

    power_id: UUID
    step_id: UUID
    name: str
    post_id: UUID
    description: str = ""


@contract("lianfang.registry.process_step.removed")
class ProcessStepRemoved(IntegrationEvent):
    """A step was removed from a power's flow (later steps move up)."""

    power_id: UUID
    step_id: UUID


@contract("lianfang.registry.process_flow.reordered")
class ProcessFlowReordered(IntegrationEvent):
    """A power's steps were put in a new order (every step id, first to last)."""

    power_id: UUID
    step_ids: list[UUID]
