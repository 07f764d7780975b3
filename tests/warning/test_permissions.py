"""Who may do what: warnings within the issuer's authority; department heads only their own
department's warnings; readers read; the identity only for the case's handlers."""

from __future__ import annotations

import pytest

from tests.registry.factory import bearer
from tests.support import System
from tests.warning.helpers import World, assessed_case, call, head, issued_warning, office

pytestmark = pytest.mark.integration


async def test_a_warning_needs_the_authority_over_whom_it_names(
    shared: tuple[System, World],
) -> None:
    s, w = shared
    case = await assessed_case(s, w)
    li, wang = w.person("1001"), w.person("0001")  # a middle cadre; the leader in charge

    def body(*persons: str) -> dict[str, object]:
        return {
            "department_id": w.dept("WZ"),
            "person_ids": list(persons),
            "summary": "采购预警",
            "content": "请整改。",
        }

    # The office warns departments and staff, not a middle cadre nor a factory leader.
    r = await call(s, "POST", f"/cases/{case}/warnings", office(s), 403, json=body(li))
    assert "预警“李明”需要分管厂领导的权限" in r.json()["detail"]
    r = await call(s, "POST", f"/cases/{case}/warnings", office(s), 403, json=body(wang))
    assert "厂党委会" in r.json()["detail"]

    # The leader in charge of the purchasing department may warn its middle cadre …
    in_charge = bearer(s, "leader", user="leader-wang", person_id=wang)
    r = await call(s, "POST", f"/cases/{case}/warnings", in_charge, 201, json=body(li))
    warning = (await call(s, "GET", f"/warnings/{r.json()['id']}", office(s))).json()
    assert (warning["authority"], warning["authority_label"]) == ("leader_in_charge", "分管厂领导")
    # … a leader in charge of other departments may not; nor may anyone warn a leader but the
    # party committee.
    other = bearer(s, "leader", user="leader-x", person_id=w.person("0002"))
    await call(s, "POST", f"/cases/{case}/warnings", other, 403, json=body(li))
    await call(s, "POST", f"/cases/{case}/warnings", in_charge, 403, json=body(wang))
    committee = bearer(s, "party_committee", user="dw-1")
    await call(s, "POST", f"/cases/{case}/warnings", committee, 201, json=body(wang))
    await call(s, "POST", f"/cases/{case}/warnings", bearer(s, "dept_head"), 403, json=body())

    # Deadlines make sense or are refused.
    bad = {**body(), "respond_by": "2020-01-01"}
    r = await call(s, "POST", f"/cases/{case}/warnings", office(s), 422, json=bad)
    assert "past" in r.json()["detail"]


async def test_roles_see_and_do_only_their_part(shared: tuple[System, World]) -> None:
    s, w = shared
    case, warning = await issued_warning(s, w)
    wz, cw = head(s, w), head(s, w, "CW", "head-cw")
    reader_roles = ("discipline", "auditor")

    for role in reader_roles:
        reader = bearer(s, role, user=f"{role}-1")
        await call(s, "GET", f"/cases/{case}", reader)
        await call(s, "GET", f"/warnings/{warning}", reader)
        await call(s, "GET", f"/cases/{case}/annex7.xlsx", reader)
        await call(
            s, "POST", f"/warnings/{warning}/acceptance", reader, 403, json={"evaluation": "通过"}
        )
    for role in ("dept_staff", "middle_cadre", "leader", "admin"):
        await call(s, "GET", "/warnings", bearer(s, role), 403)
        await call(s, "GET", "/cases", bearer(s, role), 403)

    # A department head: their warnings only, never the cases or signals behind them.
    await call(s, "GET", f"/cases/{case}", wz, 403)
    await call(s, "GET", f"/cases/{case}/timeline", wz, 403)
    await call(s, "GET", f"/warnings/{warning}/timeline", wz)
    await call(s, "GET", f"/warnings/{warning}/timeline", cw, 403)
    ack = {"responsible_person_id": w.person("1001")}
    await call(s, "POST", f"/warnings/{warning}/acknowledgement", cw, 403, json=ack)
    await call(s, "POST", f"/warnings/{warning}/acknowledgement", office(s), 403, json=ack)
    r = await call(
        s,
        "POST",
        f"/warnings/{warning}/acknowledgement",
        wz,
        422,
        json={"responsible_person_id": w.person("2001")},
    )  # works in finance
    assert "hold a post in the department" in r.text
    await call(s, "POST", f"/warnings/{warning}/acknowledgement", wz, 204, json=ack)
    await call(s, "POST", f"/warnings/{warning}/acceptance", wz, 403, json={"evaluation": "好"})

    # Submitting without a single action recorded is refused; the office may not rectify.
    record = {
        "cause": "原因",
        "measures_taken": "措施",
        "result": "结果",
        "completed_on": "2026-01-01",
    }
    r = await call(s, "POST", f"/warnings/{warning}/record", wz, 422, json=record)
    assert "at least one rectification action" in r.text
    await call(
        s,
        "POST",
        f"/warnings/{warning}/actions",
        office(s),
        403,
        json={"description": "整改", "done_on": "2026-01-01"},
    )


async def test_only_the_cases_handlers_read_or_hand_on_the_identity(
    shared: tuple[System, World],
) -> None:
    s, w = shared
    me, colleague = office(s), office(s, "office-2")
    signal = (
        await call(
            s,
            "POST",
            "/signals",
            me,
            201,
            json={
                "channel": "whistleblowing",
                "received_on": "2026-01-05",
                "summary": "举报",
                "content": "反映验收问题",
                "department_ids": [w.dept("WZ")],
                "reporter": {"name": "上官飞燕", "contact": "内线 8123"},
            },
        )
    ).json()
    path = f"/signals/{signal['signal_id']}/identity-reads"
    why = {"reason": "核实"}

    # Not a handler: no identity, no handing the case over to oneself.
    await call(s, "POST", path, colleague, 403, json=why)
    assign = f"/cases/{signal['case_id']}/assignees"
    await call(s, "PUT", assign, colleague, 403, json={"assignees": ["office-2"]})
    r = await call(s, "PUT", assign, me, 422, json={"assignees": []})
    assert "too_short" in r.text

    # The handler hands it on; the new handler reads, the old one no longer may.
    await call(s, "PUT", assign, me, 204, json={"assignees": ["office-2"]})
    assert (await call(s, "POST", path, colleague, 200, json=why)).json()["name"] == "上官飞燕"
    await call(s, "POST", path, me, 403, json=why)
    listed = (await call(s, "GET", "/cases", me, params={"assignee": "office-2"})).json()
    assert [c["id"] for c in listed["items"]] == [signal["case_id"]]
    reads = (await call(s, "GET", f"/signals/{signal['signal_id']}", me)).json()
    assert reads["identity_reads"] == 1
