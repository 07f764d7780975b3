"""The warning domain in memory: lifecycles, authority, overdue once per deadline, the vault."""

from __future__ import annotations

import base64
import uuid
from datetime import date, timedelta

import pytest

from lianfang_warning.application import Warnings
from lianfang_warning.config import DEV_IDENTITY_KEY, WarningSettings
from lianfang_warning.domain.authority import Issuer, Named, check_authority
from lianfang_warning.domain.case import Case
from lianfang_warning.domain.errors import (
    IncompleteRecord,
    InvalidDeadline,
    NotAssigned,
    OutsideAuthority,
)
from lianfang_warning.domain.lifecycle import CASE, WARNING, InvalidTransition
from lianfang_warning.domain.vocab import Authority, Channel, Deadline, Measure, label
from lianfang_warning.domain.warning import RiskWarning
from lianfang_warning.vault import IdentityUnreadable, IdentityVault, Reporter

pytestmark = pytest.mark.unit
DAY = date(2026, 6, 1)
WZ, CW = uuid.uuid4(), uuid.uuid4()


def warning() -> RiskWarning:
    return RiskWarning(
        id=uuid.uuid4(),
        case_id=uuid.uuid4(),
        department_id=WZ,
        person_ids=[],
        severity="high",
        summary="预警",
        content="内容",
        requirements="",
        risk_point_ids=[],
        respond_by=DAY + timedelta(days=2),
        rectify_by=DAY + timedelta(days=10),
        authority="office",
    )


def test_every_command_names_where_it_may_start() -> None:
    assert CASE.allowed("open") == [
        "add_signal",
        "merge_away",
        "assign",
        "assess_no_action",
        "assess_watch",
        "assess_warn",
    ]
    assert CASE.allowed("closed") == [] and WARNING.allowed("closed") == []
    assert WARNING.next("return", "submitted") == "returned"
    with pytest.raises(InvalidTransition, match="预警当前状态为“已通过”，不能退回整改"):
        WARNING.next("return", "accepted")
    described = WARNING.describe("en")
    assert {"state": "returned", "label": "Returned"} in described["states"]


def test_a_warning_walks_its_lifecycle_and_refuses_the_rest() -> None:
    w = warning()
    with pytest.raises(InvalidTransition):
        w.submit({})
    w.acknowledge(uuid.uuid4(), "")
    with pytest.raises(IncompleteRecord):
        w.submit({})
    w.record_action(uuid.uuid4(), "整改", DAY, [])
    w.submit({"cause": "原因"})
    with pytest.raises(InvalidDeadline):
        w.return_record("不到位", DAY - timedelta(days=1), DAY)
    w.return_record("不到位", None, DAY)
    w.record_action(uuid.uuid4(), "再整改", DAY, [])
    w.submit({"cause": "原因"})
    w.accept("通过")
    w.apply_measure(uuid.uuid4(), Measure.admonishment_talk, None, "事由", DAY, "")
    w.close()
    assert (w.state, w.rounds) == ("closed", 2)
    with pytest.raises(InvalidTransition):
        w.apply_measure(uuid.uuid4(), Measure.risk_reminder, None, "事由", DAY, "")
    names = [type(e).__name__ for e in w.collect_events()]
    assert names.count("RecordSubmitted") == 2 and names[-1] == "Closed"


def test_each_deadline_is_overdue_once_per_due_date() -> None:
    w = warning()
    late = DAY + timedelta(days=3)
    assert not w.is_overdue(Deadline.respond, DAY + timedelta(days=2))  # due that day: not yet
    assert w.is_overdue(Deadline.respond, late)
    w.mark_overdue(Deadline.respond, late)
    assert not w.is_overdue(Deadline.respond, late)
    w.acknowledge(uuid.uuid4(), "")
    assert not w.is_overdue(Deadline.respond, late + timedelta(days=30))  # done, however late
    after = DAY + timedelta(days=11)
    w.mark_overdue(Deadline.rectify, after)
    assert not w.is_overdue(Deadline.rectify, after)
    with pytest.raises(InvalidDeadline):
        w.extend(Deadline.rectify, DAY + timedelta(days=5), "延期", after)
    w.extend(Deadline.rectify, DAY + timedelta(days=20), "延期", after)
    assert not w.is_overdue(Deadline.rectify, DAY + timedelta(days=20))
    assert w.is_overdue(Deadline.rectify, DAY + timedelta(days=21))


def test_the_authority_ladder() -> None:
    staff = Named(uuid.uuid4(), "张伟", "key_post", frozenset({WZ}))
    cadre = Named(uuid.uuid4(), "李明", "middle_cadre", frozenset({WZ}))
    leader = Named(uuid.uuid4(), "王建国", "leader", frozenset())
    office = Issuer(office=True, party_committee=False, in_charge_of=frozenset())
    in_charge = Issuer(office=False, party_committee=False, in_charge_of=frozenset({WZ}))
    committee = Issuer(office=False, party_committee=True, in_charge_of=frozenset())
    assert check_authority(office, WZ, [staff]) == Authority.office
    with pytest.raises(OutsideAuthority, match="李明"):
        check_authority(office, WZ, [staff, cadre])
    assert check_authority(in_charge, WZ, [cadre]) == Authority.leader_in_charge
    assert check_authority(in_charge, WZ, []) == Authority.leader_in_charge
    with pytest.raises(OutsideAuthority, match="该部门"):
        check_authority(in_charge, CW, [])
    with pytest.raises(OutsideAuthority, match="厂党委会"):
        check_authority(in_charge, WZ, [leader])
    assert check_authority(committee, CW, [leader, cadre]) == Authority.party_committee


def test_only_assigned_handlers_change_a_case() -> None:
    case = Case(id=uuid.uuid4(), title="案件", signal_id=uuid.uuid4(), assignees=["office-1"])
    case.check_assigned("office-1")
    with pytest.raises(NotAssigned):
        case.check_assigned("office-2")
    case.assess("high", "no_action", [], {}, None, "查无实据")
    assert case.state == "closed"
    with pytest.raises(InvalidTransition, match="已办结"):
        case.assign(["office-2"])


def test_identities_are_sealed_to_their_signal() -> None:
    key = base64.b64decode(DEV_IDENTITY_KEY)
    vault = IdentityVault([key])
    signal = uuid.uuid4()
    who = Reporter(name="欧阳明月", contact="13912345678")
    sealed = vault.seal(who, signal)
    assert "欧阳明月" not in sealed and "13912345678" not in sealed and "欧阳明月" not in repr(who)
    assert vault.open(sealed, signal) == who
    with pytest.raises(IdentityUnreadable):
        vault.open(sealed, uuid.uuid4())  # copied onto another signal
    rotated = IdentityVault([bytes(32), key])  # a new key; the old one still opens
    assert rotated.open(sealed, signal) == who
    with pytest.raises(IdentityUnreadable):
        IdentityVault([bytes(32)]).open(sealed, signal)


def test_the_default_identity_key_is_refused_in_production(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LIANFANG_ENVIRONMENT", "production")
    monkeypatch.setenv("LIANFANG_JWT_SECRET", "a-production-secret-of-enough-length")
    settings = WarningSettings()  # read by every process (the init job too) …
    with pytest.raises(ValueError, match="LIANFANG_WARNING_IDENTITY_KEY"):
        settings.keys()  # … refused where identities are sealed: the warning service's start
    with pytest.raises(ValueError, match="LIANFANG_WARNING_IDENTITY_KEY"):
        Warnings()
    monkeypatch.setenv("LIANFANG_WARNING_IDENTITY_KEY", base64.b64encode(bytes(range(32))).decode())
    assert len(WarningSettings().keys()) == 1
    monkeypatch.setenv("LIANFANG_WARNING_IDENTITY_KEY", "too-short")
    with pytest.raises(ValueError, match="32 bytes in base64"):
        WarningSettings()


def test_labels_of_the_thirteen_channels() -> None:
    assert len(Channel) == 13
    assert [label(c) for c in Channel][:3] == ["巡视", "审计", "专项检查"]
    assert label("whistleblowing", "zh-Hant") == "信訪舉報"
    assert label("admonishment_talk", "en") == "Admonishment talk"
