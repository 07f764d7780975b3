"""Review II's domain in memory: commitments (versions, signature, stale, renewal), the seven
knowings, briefings owed, the assessment's arithmetic, rotation tenure, the recipients of a
commitment, templates; and that every public event translates into a valid contract."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import uuid4

import pytest

from lianfang_review.application.inspections import quarter_end
from lianfang_review.documents.letters import check_template
from lianfang_review.domain import assessing
from lianfang_review.domain.assessment import Assessment
from lianfang_review.domain.briefing import Briefing, BriefingDue
from lianfang_review.domain.commitment import Commitment
from lianfang_review.domain.digest import digest_of
from lianfang_review.domain.errors import (
    BadTemplate,
    Forbidden,
    NoRecipient,
    NothingChanged,
    OutOfTurn,
)  # fmt: skip
from lianfang_review.domain.inspection import Inspection
from lianfang_review.domain.recipients import must_commit, recipient_for
from lianfang_review.domain.terms import KNOWINGS
from lianfang_review.messaging.translate import translate
from lianfang_review.projections.rotation import _since, add_years
from lianfang_shared.contracts import parse

pytestmark = pytest.mark.unit
DAY = date(2026, 3, 1)


def published(aggregate: Any) -> list[str]:
    """The contract types of the aggregate's new events, each validated as it travels."""
    out = []
    for e in aggregate.collect_events():
        body = translate(e)
        if body is not None:
            parse(body.event_type, body.schema_version, body.model_dump(mode="json"))
            out.append(body.event_type.removeprefix("lianfang.review."))
    return out


def content(person: Any, items: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "person": {"id": person, "name": "张伟", "staff_no": "1002"}, "rank": "key_post",
        "department_id": uuid4(), "posts": [],
        "recipient": {"role": "department_leadership", "department_id": None,
                      "department_name": "物资供应部", "person_ids": [], "person_names": []},
        "items": items or [], "template_version": 1,
    }  # fmt: skip


def test_a_commitment_is_signed_as_read_goes_stale_and_runs_out() -> None:
    person = uuid4()
    c = Commitment(person_id=person, department_id=None)
    body = content(person)
    assert c.generate(body, digest_of(body), DAY) == 1
    with pytest.raises(NothingChanged):
        c.generate(body, digest_of(body), DAY)
    with pytest.raises(OutOfTurn):
        c.sign(1, "0" * 64, "u-1", DAY, 365)
    with pytest.raises(OutOfTurn):
        c.publicise(1, DAY, DAY + timedelta(days=7))  # not signed yet
    c.sign(1, digest_of(body), "u-1", DAY, 365)
    assert c.valid_until == date(2027, 3, 1)
    c.publicise(1, DAY, DAY + timedelta(days=7))
    assert not c.announce_renewal(date(2027, 1, 29), 30)
    assert c.announce_renewal(date(2027, 1, 30), 30)
    assert not c.announce_renewal(date(2027, 2, 1), 30)  # once
    assert c.require_new("expired", "期满", date(2027, 3, 31), None, "term")
    assert not c.require_new("post_changed", "调岗", date(2027, 3, 31), None, "x")  # owed already
    assert published(c) == [
        "commitment.generated", "commitment.signed", "commitment.publicised",
        "commitment.renewal_due", "commitment.stale",
    ]  # fmt: skip
    c.generate(body, digest_of(body), DAY)  # the same content may be signed again once stale
    assert (c.status.value, len(c.versions)) == ("awaiting_signature", 2)


def test_the_seven_knowings_complete_an_acknowledgement_in_order() -> None:
    person, other = uuid4(), uuid4()
    b = Briefing(
        level="individual", title="交底", department_id=None, unit="", post_ids=[uuid4()],
        audience=[person], held_on=DAY, items=[], powers=[],
    )  # fmt: skip
    with pytest.raises(Forbidden):
        b.acknowledge(other, list(KNOWINGS))
    assert not b.acknowledge(person, ["measures", "powers"])
    with pytest.raises(NothingChanged):
        b.acknowledge(person, ["powers"])
    assert b.acknowledge(person, list(KNOWINGS))
    assert b.knowings_of(person) == list(KNOWINGS)
    assert published(b) == ["briefing.held", "briefing.knowings_acknowledged",
                            "briefing.knowings_acknowledged"]  # fmt: skip


def test_a_briefing_owed_is_reported_overdue_once_and_settles_once() -> None:
    due = BriefingDue(
        person_id=uuid4(), post_id=uuid4(), department_id=uuid4(), effective_on=DAY,
        due_on=DAY + timedelta(days=30), cause="transferred", source_event_id="e-1",
    )  # fmt: skip
    assert not due.report_overdue(DAY + timedelta(days=30))
    assert due.report_overdue(DAY + timedelta(days=31))
    assert not due.report_overdue(DAY + timedelta(days=32))
    due.meet(uuid4(), DAY + timedelta(days=33))
    with pytest.raises(OutOfTurn):
        due.meet(uuid4(), DAY + timedelta(days=34))
    assert not due.withdraw("离开本厂")
    assert published(due) == ["briefing.owed", "briefing.overdue", "briefing.acknowledged"]


def figures(identified: int, committed: int, overdue: int) -> dict[str, int]:
    return {"people": 10, "people_identified": identified, "people_to_commit": 4,
            "people_committed": committed, "people_briefed": 5, "measures_live": 8,
            "measures_overdue": overdue}  # fmt: skip


def test_the_assessment_breakdown_adds_up_to_the_score() -> None:
    late = {"severity": "medium", "due_on": date(2026, 5, 1), "closed_on": None}
    kept = {"severity": "high", "due_on": date(2026, 5, 1), "closed_on": date(2026, 4, 1)}
    inspections = [
        {"figures": figures(7, 1, 2), "findings": [late, kept]},
        {"figures": figures(8, 2, 0), "findings": []},
        {"figures": figures(9, 3, 1), "findings": []},
        {"figures": {**figures(10, 4, 0), "measures_live": 0}, "findings": []},
    ]
    rows, score = assessing.breakdown(inspections, assessing.DEFAULT, date(2026, 12, 31))
    values = {r["component"]: r["value"] for r in rows}
    assert values == {"identification": 85.0, "commitment": 62.5, "briefing": 50.0,
                      "measures": 90.62, "findings": 82.0}  # fmt: skip
    assert score == round(sum(r["points"] for r in rows), 2) == 74.02
    with pytest.raises(assessing.BadAssessmentModel):
        assessing.check_model({**assessing.DEFAULT["weights"], "findings": 0.5}, {})
    a = Assessment(department_id=uuid4(), year=2026)
    a.record(1, [], rows, score)
    with pytest.raises(NothingChanged):
        a.record(1, [], rows, score)
    a.adjust(80.0, "上级表彰")
    with pytest.raises(NothingChanged):  # the same result again leaves the adjustment
        a.record(1, [], rows, score)
    assert (a.score, a.computed["score"]) == (80.0, score)
    assert published(a) == ["assessment.assessed", "assessment.adjusted"]


def test_an_inspection_records_findings_until_completed() -> None:
    i = Inspection(department_id=uuid4(), year=2026, quarter=4, due_on=date(2027, 1, 15))
    finding = uuid4()
    i.record_finding(finding, "coverage", "覆盖不全", "low", uuid4(), date(2027, 1, 10))
    i.close_finding(finding, "已补充排查", date(2027, 1, 5))
    with pytest.raises(OutOfTurn):
        i.close_finding(finding, "again", date(2027, 1, 6))
    i.complete({"people": 3}, "", date(2027, 1, 8))
    with pytest.raises(OutOfTurn):
        i.record_finding(uuid4(), "other", "x", "low", uuid4(), date(2027, 2, 1))
    assert published(i) == ["inspection.planned", "inspection.finding_assigned",
                            "inspection.finding_closed", "inspection.completed"]  # fmt: skip
    assert [quarter_end(2026, q).isoformat() for q in (1, 4)] == ["2026-03-31", "2026-12-31"]


def test_recipients_follow_the_rank() -> None:
    dept, me = {"id": uuid4(), "name": "物资供应部"}, uuid4()
    wang, sun = {"id": uuid4(), "name": "王建国"}, {"id": uuid4(), "name": "孙丽"}
    assert recipient_for("key_post", dept, [], [], me)["role"] == "department_leadership"
    assert recipient_for("middle_cadre", dept, [wang], [], me)["person_names"] == ["王建国"]
    assert recipient_for("leader", None, [], [sun], me)["person_names"] == ["孙丽"]
    assert recipient_for("party_secretary", None, [], [sun], sun["id"])["role"] == (
        "superior_party_organisation"
    )
    with pytest.raises(NoRecipient):
        recipient_for("middle_cadre", dept, [], [], me)
    assert must_commit("staff", True) and not must_commit("staff", False)


def test_tenure_runs_from_an_unbroken_stretch() -> None:
    history = [
        {"start_on": date(2015, 1, 1), "end_on": date(2018, 1, 1)},
        {"start_on": date(2018, 1, 1), "end_on": date(2021, 6, 1)},
        {"start_on": date(2022, 1, 1), "end_on": None},
    ]
    assert _since([*history[:2], {"start_on": date(2021, 6, 1), "end_on": None}],
                  date(2021, 6, 1)) == date(2015, 1, 1)  # fmt: skip
    assert _since(history, date(2022, 1, 1)) == date(2022, 1, 1)  # broken: restarts
    assert add_years(date(2024, 2, 29), 5) == date(2029, 2, 28)


def test_a_template_that_does_not_render_is_refused() -> None:
    with pytest.raises(BadTemplate):
        check_template({"en": "x"}, {"en": "x"})  # no Simplified Chinese
    with pytest.raises(BadTemplate):
        check_template({"zh-Hans": "t"}, {"zh-Hans": "{% for x in %}"})
    with pytest.raises(BadTemplate):
        check_template({"zh-Hans": "t"}, {"zh-Hans": "{{ person.salary }}"})
    check_template({"zh-Hans": "t"}, {"zh-Hans": "{{ person.name }}承诺"})
