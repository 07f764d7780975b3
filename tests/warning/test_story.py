"""Story: an audit finding and a whistleblowing report about procurement (物资采购) arrive, are
linked into one case, assessed, a warning goes to the department, which acknowledges, rectifies,
is returned once and accepted; an admonishment talk (诫勉谈话) is applied and the case closed.

Throughout, the whistleblower's name is looked for — and must be absent — in every Kafka
message of the test's topics, every log line, every export, every list, and the service's
tables; a department head asking for it is refused.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from lianfang_shared.envelope import Envelope
from tests.registry.factory import bearer
from tests.support import System, eventually
from tests.warning.helpers import (
    World,
    call,
    head,
    office,
    read_prefix,
    record_text,
    sha,
)
from tests.warning.helpers import (
    today as service_today,
)

pytestmark = pytest.mark.integration

WHISTLEBLOWER = "欧阳明月"
PHONE = "13912345678"
BRIBE = "采购员与某供应商往来密切，疑似收受好处"


def cells(content: bytes) -> list[list[Any]]:
    """Every row of every sheet of a workbook."""
    wb = load_workbook(BytesIO(content))
    return [list(row) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)]


def form(content: bytes, sheet: int = 0) -> dict[str, Any]:
    """An annex 7 form as {heading: value}."""
    ws = load_workbook(BytesIO(content)).worksheets[sheet]
    return {row[0]: row[1] for row in ws.iter_rows(min_row=2, values_only=True)}


async def test_procurement_case_from_signals_to_closing(
    system: System, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    s, w = system, world
    today = service_today()
    me, wz = office(s), head(s, w)
    zhang, li = w.person("1002"), w.person("1001")
    exports: list[bytes] = []
    answers: list[str] = []

    # 1. An audit finding, with its report as an attachment (metadata and hash only).
    audit = (
        await call(
            s,
            "POST",
            "/signals",
            me,
            201,
            json={
                "channel": "audit",
                "received_on": str(today - timedelta(days=3)),
                "summary": "物资采购审计：部分合同未经比价",
                "content": "2025年度物资采购专项审计发现，12份采购合同未按规定进行三方比价。",
                "source_ref": "审计报告〔2026〕3号",
                "department_ids": [w.dept("WZ")],
                "person_ids": [zhang],
                "risk_point_ids": [w.risk_points["supplier"]],
                "attachments": [
                    {
                        "name": "审计报告.pdf",
                        "media_type": "application/pdf",
                        "size": 183204,
                        "sha256": sha("审计报告"),
                    }
                ],
            },
        )
    ).json()
    # 2. A named whistleblowing report (信访举报) about the same purchaser.
    report = (
        await call(
            s,
            "POST",
            "/signals",
            me,
            201,
            json={
                "channel": "whistleblowing",
                "received_on": str(today - timedelta(days=1)),
                "summary": "举报采购员与供应商关系异常",
                "content": BRIBE,
                "department_ids": [w.dept("WZ")],
                "person_ids": [zhang],
                "reporter": {"name": WHISTLEBLOWER, "contact": PHONE, "organisation": "财务部"},
            },
        )
    ).json()
    case, duplicate = audit["case_id"], report["case_id"]
    assert case != duplicate

    # 3. The office sees they are about the same subject and links them into one case.
    similar = (await call(s, "GET", f"/cases/{case}/similar", me)).json()
    assert [c["id"] for c in similar] == [duplicate]
    await call(s, "POST", f"/cases/{case}/merges", me, 204, json={"case_id": duplicate})
    merged = (await call(s, "GET", f"/cases/{duplicate}", me)).json()
    assert (merged["state"], merged["state_label"]) == ("merged", "已并案")
    detail = (await call(s, "GET", f"/cases/{case}", me)).json()
    assert detail["signal_count"] == 2
    assert detail["channel_labels"] == ["审计", "信访举报"]
    assert [x["anonymous"] for x in detail["signals"]] == [True, False]
    answers.append((await call(s, "GET", "/cases", me)).text)

    # 4. The identity: refused to a department head, the discipline committee and an office
    #    user not handling the case; read by the handler, and the read is recorded.
    path = f"/signals/{report['signal_id']}/identity-reads"
    why = {"reason": "核实举报内容，需联系举报人"}
    r = await call(s, "POST", path, wz, 403, json=why)
    assert "requires one of the roles: office" in r.text
    await call(s, "POST", path, bearer(s, "discipline", user="jw-1"), 403, json=why)
    r = await call(s, "POST", path, office(s, "office-2"), 403, json=why)
    assert "assigned" in r.text
    r = await call(s, "POST", path, me, 200, json=why)
    assert r.json()["name"] == WHISTLEBLOWER and r.json()["contact"] == PHONE
    assert r.headers["cache-control"] == "no-store"
    await call(s, "POST", f"/signals/{audit['signal_id']}/identity-reads", me, 404, json=why)

    # 5. Assessment: review's grade (high) suggests the severity; the office decides.
    suggestion = (await call(s, "GET", f"/cases/{case}/suggestion", me)).json()
    assert (suggestion["severity_label"], suggestion["measure_label"]) == ("严重", "诫勉谈话")
    assert suggestion["risk_points"][0]["grade_label"] == "高"
    assessed = await call(
        s,
        "POST",
        f"/cases/{case}/assessments",
        me,
        201,
        json={
            "severity": "high",
            "decision": "warn",
            "risk_point_ids": [w.risk_points["supplier"]],
            "reasoning": "审计发现与举报相互印证，存在指定供应商的苗头性问题",
        },
    )
    assert assessed.json() == {"suggested_severity": "high"}

    # 6. A warning to the department, naming the purchaser (within the office's authority).
    warning = (
        await call(
            s,
            "POST",
            f"/cases/{case}/warnings",
            me,
            201,
            json={
                "department_id": w.dept("WZ"),
                "person_ids": [zhang],
                "summary": "物资采购比价不规范的廉洁风险预警",
                "content": "你部门物资采购存在未按规定比价、供应商选择不透明等问题，请立即整改。",
                "requirements": "建立三方比价和供应商轮换制度，十五日内报送处置记录。",
                "respond_by": str(today + timedelta(days=2)),
                "rectify_by": str(today + timedelta(days=15)),
            },
        )
    ).json()["id"]

    # 7. The department head sees the warning, not the signals behind it.
    mine = (await call(s, "GET", "/warnings", wz, params={"open": True})).json()
    assert [x["id"] for x in mine["items"]] == [warning]
    seen = await call(s, "GET", f"/warnings/{warning}", wz)
    assert seen.json()["person_names"] == ["张伟"]
    assert BRIBE not in seen.text and "审计报告" not in seen.text
    await call(s, "GET", f"/cases/{case}", wz, 403)
    await call(s, "GET", f"/warnings/{warning}", head(s, w, "CW", "head-cw"), 403)
    assert (await call(s, "GET", "/warnings", head(s, w, "CW", "head-cw"))).json()["total"] == 0

    # 8. Rectification: acknowledge at once naming who is responsible, act, report.
    await call(
        s,
        "POST",
        f"/warnings/{warning}/acknowledgement",
        wz,
        204,
        json={"responsible_person_id": li, "note": "部门已召开专题会议部署整改"},
    )
    r = await call(
        s,
        "POST",
        f"/warnings/{warning}/acknowledgement",
        wz,
        409,
        json={"responsible_person_id": li},
    )
    assert "当前状态为“整改中”，不能签收响应" in r.json()["detail"]
    await call(
        s,
        "POST",
        f"/warnings/{warning}/actions",
        wz,
        201,
        json={
            "description": "对12份合同补做比价复核",
            "done_on": str(today),
            "evidence": [{"name": "比价复核表.xlsx", "size": 20480, "sha256": sha("复核")}],
        },
    )
    record = {
        "cause": "比价制度执行不严，缺少复核环节",
        "measures_taken": "补做比价复核，完善采购流程",
        "result": "已完成复核，未发现损失",
        "completed_on": str(today),
        "department_opinion": "同意上报",
    }
    await call(s, "POST", f"/warnings/{warning}/record", wz, 204, json=record)

    # 9. The office returns it once, with reasons and a new deadline; then accepts.
    await call(
        s,
        "POST",
        f"/warnings/{warning}/returns",
        me,
        204,
        json={
            "reason": "未建立供应商轮换制度，整改不到位",
            "rectify_by": str(today + timedelta(days=20)),
        },
    )
    await call(
        s,
        "POST",
        f"/warnings/{warning}/actions",
        wz,
        201,
        json={
            "description": "制定《供应商轮换管理办法》并印发",
            "done_on": str(today),
            "evidence": [{"name": "供应商轮换管理办法.pdf", "size": 88000, "sha256": sha("办法")}],
        },
    )
    await call(
        s,
        "POST",
        f"/warnings/{warning}/record",
        wz,
        204,
        json={**record, "measures_taken": "补做比价复核，建立供应商轮换制度"},
    )
    await call(
        s,
        "POST",
        f"/warnings/{warning}/acceptance",
        me,
        204,
        json={"evaluation": "整改到位，同意通过"},
    )

    # 10. The admonishment talk (诫勉谈话) with the purchaser: who, when, to whom, why.
    await call(
        s,
        "POST",
        f"/warnings/{warning}/measures",
        me,
        201,
        json={
            "measure": "admonishment_talk",
            "person_id": zhang,
            "reason": "采购过程中未执行比价规定",
            "conducted_by": "厂纪委书记",
        },
    )
    r = await call(
        s,
        "POST",
        f"/cases/{case}/assessments",
        me,
        409,
        json={"severity": "low", "decision": "no_action", "reasoning": "再次研判"},
    )
    assert "当前状态为“预警处置中”" in r.json()["detail"]

    # 11. Closed.
    await call(s, "POST", f"/cases/{case}/closure", me, 204, json={"summary": "整改到位，办结"})
    closed = (await call(s, "GET", f"/cases/{case}", bearer(s, "auditor", user="aud-1"))).json()
    assert (closed["state_label"], closed["warnings"][0]["state_label"]) == ("已办结", "已办结")
    final = (await call(s, "GET", f"/warnings/{warning}", wz)).json()
    assert [e["kind"] for e in final["evaluations"]] == ["returned", "accepted"]
    assert final["rounds"] == 2 and final["allowed"] == []
    assert [(m["measure_label"], m["person_name"]) for m in final["measures"]] == [
        ("诫勉谈话", "张伟")
    ]

    # 12. The case's full timeline, from the event log.
    events = (await call(s, "GET", f"/cases/{case}/timeline", me)).json()
    steps = [(e["subject"], e["event"]) for e in events]
    for step in [
        ("signal", "Received"),
        ("case", "MergedInto"),
        ("signal", "MovedToCase"),
        ("signal", "ReporterIdentityRead"),
        ("case", "Assessed"),
        ("warning", "Issued"),
        ("warning", "Acknowledged"),
        ("warning", "Returned"),
        ("warning", "Accepted"),
        ("warning", "MeasureApplied"),
        ("case", "Closed"),
    ]:
        assert step in steps, step
    read = next(e for e in events if e["event"] == "ReporterIdentityRead")
    assert (read["actor"], read["label"]) == ("office-1", "查阅举报人身份")
    assert read["details"]["reason"] == why["reason"]
    answers += [
        (await call(s, "GET", f"/cases/{case}/timeline", me)).text,
        (await call(s, "GET", f"/cases/{case}", me)).text,
        (await call(s, "GET", "/warnings", me)).text,
        (await call(s, "GET", f"/warnings/{warning}/timeline", wz)).text,
    ]

    # 13. Annex 7: the case's form, the department's copy, the period's register.
    r = await call(s, "GET", f"/cases/{case}/annex7.xlsx", me)
    exports.append(r.content)
    sheet = form(r.content)
    assert cells(r.content)[0][0] == "廉洁风险预警处置记录"
    assert sheet["预警部门"] == "物资供应部" and sheet["预警对象"] == "张伟"
    assert sheet["预警信息来源"] == "审计、信访举报" and sheet["严重程度"] == "严重"
    assert sheet["涉及风险点"] == "供应商选择中收受回扣、指定供应商（高）"
    assert sheet["整改责任人"] == "李明"
    assert "第1次退回" in sheet["办公室评估意见"] and "评估通过" in sheet["办公室评估意见"]
    assert sheet["处置措施"].startswith("诫勉谈话：张伟")
    assert sheet["办理状态"] == "已办结"
    r = await call(s, "GET", f"/warnings/{warning}/annex7.xlsx", wz)
    exports.append(r.content)
    assert form(r.content)["预警信息来源"] is None  # the department is not told the sources
    period = {"from": str(today - timedelta(days=30)), "to": str(today)}
    for params in (
        period,
        {**period, "layout": "forms"},
        {**period, "lang": "zh-Hant"},
        {**period, "lang": "en"},
    ):
        r = await call(s, "GET", "/exports/annex7.xlsx", me, params=params)
        exports.append(r.content)
    register = cells(exports[2])
    assert register[1][:4] == ["序号", "预警编号", "预警部门", "预警对象"]
    assert register[2][2:6] == ["物资供应部", "张伟", "审计、信访举报", "严重"]
    assert cells(exports[4])[0][0] == "廉潔風險預警處置登記臺賬"
    assert cells(exports[5])[2][5] == "Serious"

    # The audit trail (histories and exports of the whole log) leaves the sealed identity out.
    auditor = bearer(s, "auditor", user="aud-1")
    sealed = s.services["warning"].app.get_signal(uuid.UUID(report["signal_id"])).reporter_sealed
    history = await s.http.get(
        f"/api/v1/warning/audit/aggregates/{report['signal_id']}/events", headers=auditor
    )
    received = history.json()["events"][0]
    assert received["type"].endswith("Signal.Received"), received["type"]
    assert received["redacted"] == ["reporter_sealed"]
    assert "reporter_sealed" not in received["data"]

    async def chained() -> Any:  # the audit trail chains the log in the background
        r_ = await s.http.get("/api/v1/warning/audit/export.jsonl", headers=auditor)
        return r_ if "Case.Closed" in r_.text else None

    audit_lines = await eventually(chained)
    audit_book = await call(s, "GET", "/audit/export.xlsx", auditor)
    assert "你部门物资采购存在未按规定比价" in audit_lines.text  # the export holds events …
    assert sealed not in audit_lines.text and sealed not in history.text  # … not the identity
    withheld = [line for line in audit_lines.text.splitlines() if report["signal_id"] in line]
    assert '"withheld":["reporter_sealed"]' in withheld[0]  # only the digest of that event
    exports.append(audit_book.content)
    answers += [history.text, audit_lines.text]

    # 14. Statistics by channel for the period.
    stats = (await call(s, "GET", "/statistics/channels", me, params=period)).json()
    by = {i["channel"]: i for i in stats["items"]}
    assert len(by) == 13 and stats["total_signals"] == 2
    assert (by["whistleblowing"]["label"], by["whistleblowing"]["named_reports"]) == ("信访举报", 1)
    assert by["audit"]["warned"] == 1

    # 15. The whistleblower's name and phone are nowhere: Kafka, logs, exports, answers, tables.
    records = await read_prefix(s.platform)
    types = [dict(r.headers).get("ce_type", b"").decode() for r in records]
    for expected in (
        "lianfang.warning.signal.received",
        "lianfang.warning.warning.issued",
        "lianfang.warning.rectification.returned",
        "lianfang.warning.disposal_measure.applied",
        "lianfang.warning.case.closed",
    ):
        assert expected in types, expected
    issued = next(
        Envelope.from_kafka(r.headers, r.value)
        for r in records
        if dict(r.headers).get("ce_type") == b"lianfang.warning.warning.issued"
    )
    assert issued.data["department_id"] == w.dept("WZ") and issued.data["person_ids"] == [zhang]
    tables = await asyncio.to_thread(table_texts, s)
    assert any(BRIBE in t for t in tables["warning_events"])  # the scan reads stored events
    texts = {
        "kafka": [record_text(r) for r in records],
        "logs": [f"{x.name} {x.getMessage()} {x.args!r}" for x in caplog.records],
        "exports": ["\n".join(str(c) for row in cells(x) for c in row) for x in exports],
        "answers": answers,
        "tables": [t for rows in tables.values() for t in rows],
    }
    assert any("identity of signal" in line for line in texts["logs"])  # the scan sees logs
    for where, found in texts.items():
        assert found, where
        for secret in (WHISTLEBLOWER, PHONE):
            leaks = [t[:200] for t in found if secret in t]
            assert not leaks, f"{secret} found in {where}: {leaks}"


def table_texts(s: System) -> dict[str, list[str]]:
    """Every row of every table of the warning service's schema, as text (bytes decoded)."""
    db = s.services["warning"].db
    out: dict[str, list[str]] = {}
    with db.transaction() as conn:
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
            (db.schema,),
        ).fetchall()
        for t in tables:
            for row in conn.execute(f'SELECT * FROM "{db.schema}"."{t["table_name"]}"'):
                out.setdefault(t["table_name"], []).append(
                    " ".join(
                        bytes(v).decode("utf-8", "replace")
                        if isinstance(v, bytes | memoryview)
                        else str(v)
                        for v in row.values()
                    )
                )
    return out
