"""The review's domain in memory: scoring, the ladder, meeting attendance, the risk point's
lifecycle, and that every public event translates into a valid contract."""

from __future__ import annotations

from uuid import uuid4

import pytest

from lianfang_review.domain.errors import (
    LifecycleError,
    MeasuresInsufficient,
    MeetingRejected,
    NoApprover,
    NothingChanged,
    NotReady,
)
from lianfang_review.domain.ladder import check_measures, highest, route_for
from lianfang_review.domain.meeting import check_attendance
from lianfang_review.domain.risk_point import RiskPoint
from lianfang_review.domain.scoring import DEFAULT, BadModel, ScoringModel, check_model
from lianfang_review.domain.vocab import Grade, Scope, Status
from lianfang_review.messaging.translate import translate
from lianfang_shared.contracts import parse

pytestmark = pytest.mark.unit
RULES = DEFAULT["measure_rules"]


def point(scope: str = "post") -> RiskPoint:
    return RiskPoint(
        scope=scope, category="post_duty", description="验收把关不严", department_id=uuid4(),
        post_id=uuid4(), person_id=None, power_id=uuid4(), step_id=None, merged_from=[],
    )  # fmt: skip


def model() -> ScoringModel:
    m = ScoringModel()
    m.publish(DEFAULT["weights"], DEFAULT["thresholds"], RULES, "初始模型")
    return m


def test_the_model_scores_and_suggests_a_grade() -> None:
    m = model()
    assert m.assess(dict.fromkeys(DEFAULT["weights"], 5)) == (5.0, Grade.high, 1)
    assert m.assess(dict.fromkeys(DEFAULT["weights"], 3)) == (3.0, Grade.medium, 1)
    assert m.assess(dict.fromkeys(DEFAULT["weights"], 1)) == (1.0, Grade.low, 1)
    v2 = m.publish(dict.fromkeys(DEFAULT["weights"], 1), {"high": 2.5, "medium": 2}, RULES, "")
    assert v2 == 2 and m.assess(dict.fromkeys(DEFAULT["weights"], 3))[1:] == (Grade.high, 2)
    assert m.at(1)["thresholds"] == {"high": 3.5, "medium": 2.5}
    with pytest.raises(BadModel):
        check_model({"importance": 1}, DEFAULT["thresholds"], RULES)
    with pytest.raises(BadModel):
        check_model(DEFAULT["weights"], DEFAULT["thresholds"], {**RULES, "high": {
            "min_measures": 2, "required_types": ["prayer"]}})  # fmt: skip


def test_the_ladder_follows_scope_and_rank() -> None:
    dept, leader = uuid4(), uuid4()
    assert route_for(Scope.post, dept, "key_post", [])["role"] == "department_meeting"
    assert route_for(Scope.post, dept, "staff", [])["department_id"] == dept
    to_leader = route_for(Scope.post, dept, "middle_cadre", [leader])
    assert (to_leader["role"], to_leader["person_ids"]) == ("leader_in_charge", [leader])
    for scope, rank in ((Scope.post, "leader"), (Scope.leader, "leader"),
                        (Scope.common_factory, None), (Scope.common_middle, None)):  # fmt: skip
        assert route_for(scope, dept, rank, [])["role"] == "party_committee"
    with pytest.raises(NoApprover):
        route_for(Scope.post, dept, "middle_cadre", [])
    assert highest(["key_post", "middle_cadre", "staff"]) == "middle_cadre"
    assert highest([]) is None


def test_a_small_department_meets_only_in_full() -> None:
    people = [{"id": uuid4(), "name": f"人{n}"} for n in range(7)]
    ids = [p["id"] for p in people]
    check_attendance(people, ids)
    with pytest.raises(MeetingRejected) as refused:
        check_attendance(people, ids[1:])
    assert refused.value.missing == [{"id": ids[0], "name": "人0"}]
    big = [{"id": uuid4(), "name": f"人{n}"} for n in range(12)]
    check_attendance(big, [p["id"] for p in big[:7]])
    with pytest.raises(MeetingRejected):
        check_attendance(big, [p["id"] for p in big[:6]])  # half is not more than half
    with pytest.raises(MeetingRejected):
        check_attendance([], [])


def test_measure_rules() -> None:
    supervision = {"type": "supervision", "status": "planned"}
    process = {"type": "process", "status": "planned"}
    check_measures("high", [supervision, process], RULES)
    with pytest.raises(MeasuresInsufficient):
        check_measures("high", [process, process], RULES)
    with pytest.raises(MeasuresInsufficient):
        check_measures("high", [supervision, {**process, "status": "cancelled"}], RULES)
    with pytest.raises(MeasuresInsufficient):
        check_measures("low", [], RULES)


def test_the_lifecycle_of_a_risk_point() -> None:
    p = point()
    with pytest.raises(NotReady):
        p.decide_grade("high", "未自评", 1)
    p.self_assess(dict.fromkeys(DEFAULT["weights"], 4), "high", model().assess(
        dict.fromkeys(DEFAULT["weights"], 4)), "")  # fmt: skip
    with pytest.raises(NotReady):
        p.submit(route_for(Scope.post, p.department_id, "key_post", []), RULES)
    p.decide_grade("high", "同意", 1)
    with pytest.raises(NothingChanged):
        p.decide_grade("high", "同意", 1)
    p.add_measure(uuid4(), "定期轮岗", "institution", "prevention", None, None)
    p.add_measure(uuid4(), "监察部抽查", "supervision", "monitoring", None, None)
    p.submit(route_for(Scope.post, p.department_id, "key_post", []), RULES)
    with pytest.raises(LifecycleError):
        p.change(description="审核中")
    p.approve("同意", uuid4(), RULES)
    assert (p.status, p.approved_version) == (Status.approved, p.version)
    frozen = p.version
    p.change_measure(p.measures[0]["id"], {"status": "done"})  # progress: stays approved
    assert p.status is Status.approved
    p.decide_grade("medium", "复核下调", 1)  # material: reopens
    assert (p.status, p.approved_version) == (Status.reopened, frozen)
    p.flag_for_re_review("power_amended", "职权已修订", "e-1")
    assert p.needs_re_review and p.status is Status.reopened
    p.submit(route_for(Scope.post, p.department_id, "key_post", []), RULES)
    assert not p.needs_re_review
    with pytest.raises(LifecycleError):
        p.merge_into(uuid4())  # a post point is not common

    # Every event leaves the service as a valid contract naming the owner.
    for e in p.collect_events():
        body = translate(e)
        assert body is not None, type(e).__name__
        again = parse(body.event_type, body.schema_version, body.model_dump(mode="json"))
        assert again.owner.department_id == p.department_id  # type: ignore[attr-defined]
