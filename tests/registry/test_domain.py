"""Unit: the registry's rules, on the Application with in-memory persistence."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from lianfang_registry.application import Registry
from lianfang_registry.domain.catalogue import ImportRejected, PowerRow
from lianfang_registry.domain.errors import OutsideOwnDepartment
from lianfang_registry.domain.person import AppointmentError, NotALeader, PersonHasLeft
from lianfang_registry.domain.power import BadOrder, LifecycleError, NothingChanged, PowerExists
from lianfang_registry.domain.vocab import PowerStatus, Rank, category_from_text, label
from lianfang_registry.flowchart import mermaid

pytestmark = pytest.mark.unit


@pytest.fixture
def reg() -> Registry:
    return Registry()


def test_appointments_transfers_and_leaving(reg: Registry) -> None:
    wz = reg.create_department("WZ", "物资供应部")
    buyer = reg.create_post(wz, "CGY", "采购员", True)
    keeper = reg.create_post(wz, "BGY", "仓库保管员", True)
    zhang = reg.create_person("1001", "张采购", Rank.key_post)
    reg.appoint(zhang, buyer, date(2016, 3, 1))
    with pytest.raises(AppointmentError):
        reg.appoint(zhang, buyer, date(2017, 1, 1))  # holds it already
    with pytest.raises(AppointmentError):
        reg.transfer(zhang, buyer, keeper, date(2015, 1, 1))  # before the start
    reg.transfer(zhang, buyer, keeper, date(2024, 7, 1))
    assert [(a["post_id"], a["end"]) for a in reg.get_person(zhang).appointments] == [
        (buyer, date(2024, 7, 1)),
        (keeper, None),
    ]
    reg.leave(zhang, date(2026, 1, 31), "退休")
    assert reg.get_person(zhang).current() == []
    with pytest.raises(PersonHasLeft):
        reg.appoint(zhang, buyer, date(2026, 2, 1))


def test_only_leaders_are_in_charge(reg: Registry) -> None:
    wz = reg.create_department("WZ", "物资供应部")
    staff = reg.create_person("1002", "钱会计", Rank.staff)
    with pytest.raises(NotALeader):
        reg.set_in_charge(staff, [wz])
    wang = reg.create_person("0001", "王厂长", Rank.leader)
    reg.set_in_charge(wang, [wz, wz])
    assert reg.get_person(wang).in_charge_of == [wz]
    reg.change_rank(wang, Rank.middle_cadre)  # releases 分管 first
    assert reg.get_person(wang).in_charge_of == []


def test_power_lifecycle_and_versions(reg: Registry) -> None:
    wz = reg.create_department("WZ", "物资供应部")
    pid = reg.register_power(wz, "WZ-001", {"name": "采购计划审批", "category": "approval"})
    with pytest.raises(PowerExists):
        reg.register_power(wz, "WZ-001", {"name": "again", "category": "approval"})
    assert reg.get_power(pid).status is PowerStatus.draft
    reg.activate_power(pid)
    with pytest.raises(LifecycleError):
        reg.activate_power(pid)
    with pytest.raises(NothingChanged):
        reg.amend_power(pid, {"name": "采购计划审批"}, "no change")
    assert reg.amend_power(pid, {"basis": "《物资采购管理办法》"}, "制度修订") == 2
    power = reg.get_power(pid)
    assert (power.status, power.revision) == (PowerStatus.amended, 2)
    assert reg.get_power(pid, version=1).details["basis"] == ""
    reg.retire_power(pid, "职能调整")
    with pytest.raises(LifecycleError):
        reg.amend_power(pid, {"basis": "x"}, "too late")
    events = [h["event"] for h in reg.power_history(pid)]
    assert events == ["Registered", "Activated", "Amended", "Retired"]


def test_flow_steps_and_scope(reg: Registry) -> None:
    wz = reg.create_department("WZ", "物资供应部")
    cw = reg.create_department("CW", "财务部")
    post = reg.create_post(wz, "CGY", "采购员", True)
    pid = reg.register_power(wz, "WZ-001", {"name": "采购", "category": "approval"}, scope=wz)
    with pytest.raises(OutsideOwnDepartment):
        reg.add_step(pid, "审核", post, scope=cw)
    a = reg.add_step(pid, "提出需求", post)
    b = reg.add_step(pid, "审核", post)
    c = reg.add_step(pid, "复核", post, position=2)
    assert [s["id"] for s in reg.get_power(pid).steps] == [a, c, b]
    with pytest.raises(BadOrder):
        reg.reorder_steps(pid, [a, b])
    reg.reorder_steps(pid, [a, b, c])
    reg.remove_step(pid, b)
    steps = reg.get_power(pid).steps
    assert [s["id"] for s in steps] == [a, c]
    text = mermaid("WZ-001 采购", [{**s, "post_name": "采购员", "key_post": True} for s in steps])
    assert text.startswith("flowchart TD\n")
    assert 's1["1. 提出需求<br/><small>采购员</small>"]' in text
    assert "class s1,s2 keyPost" in text


def test_import_is_all_or_nothing(reg: Registry) -> None:
    wz = reg.create_department("WZ", "物资供应部")
    reg.register_power(wz, "WZ-001", {"name": "x", "category": "approval"})
    rows = [
        PowerRow(3, "WZ", "WZ-002", {"name": "a", "category": "decision"}),
        PowerRow(4, "WZ", "WZ-001", {"name": "b", "category": "decision"}),
        PowerRow(5, "NOPE", "N-1", {"name": "c", "category": "decision"}),
    ]
    with pytest.raises(ImportRejected) as rejected:
        reg.import_powers(rows)
    assert [(p.row, p.problem) for p in rejected.value.problems] == [
        (4, "exists"),
        (5, "unknown_department"),
    ]
    with pytest.raises(ImportRejected) as rejected:
        reg.import_powers(rows[:2])
    assert [(p.row, p.problem) for p in rejected.value.problems] == [(4, "exists")]
    ids = reg.import_powers(rows[:1], activate=True)
    assert reg.get_power(ids[0]).status is PowerStatus.active
    with pytest.raises(OutsideOwnDepartment):
        rows = [PowerRow(3, "WZ", "WZ-9", {"name": "a", "category": "other"})]
        reg.import_powers(rows, scope=uuid4())


def test_labels_and_categories() -> None:
    assert label("approval") == "审批权"
    assert label("approval", "zh-Hant") == "審批權"
    assert label("leader", "en") == "Factory leader"
    assert (
        category_from_text("审批") is category_from_text("審批權") is category_from_text("approval")
    )
    assert category_from_text("随便") is None
