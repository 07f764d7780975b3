"""Intake: a spreadsheet of audit findings in one go (all rows or none), and bad input refused
with a clear 4xx and nothing stored."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest
from openpyxl import Workbook

from tests.registry.factory import XLSX_TYPE
from tests.support import System
from tests.warning.helpers import World, call, office, sha, stored, today

pytestmark = pytest.mark.integration

HEADINGS = [
    "序号",
    "预警渠道",
    "收到日期",
    "问题摘要",
    "具体内容",
    "涉及部门",
    "涉及人员工号",
    "来源文号",
]


def workbook(rows: list[list[Any]], headings: list[str] = HEADINGS) -> bytes:
    """A register of findings as an auditor keeps it: a title row, the headings, the rows."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["2026年度物资采购审计发现问题清单"])
    ws.append(headings)
    for n, row in enumerate(rows, start=1):
        ws.append([n, *row])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


async def upload(s: System, content: bytes, expect: int, **params: str) -> Any:
    headers = {**office(s), "content-type": XLSX_TYPE}
    r = await call(s, "POST", "/imports/signals", headers, expect, content=content, params=params)
    return r.json()


async def test_a_register_of_audit_findings_imports_all_or_nothing(
    shared: tuple[System, World],
) -> None:
    s, _ = shared
    day = today() - timedelta(days=10)
    good = [
        ["审计", day, "合同未比价", "12份采购合同未比价", "WZ", "1002", "审计报告〔2026〕3号"],
        ["audit", str(day), "验收单据不全", "入库验收单缺签字", "物资供应部", "1003 1001", ""],
        ["專項檢查", str(day), "备用金超限", "备用金长期未清理", "CW", "", ""],
    ]
    bad = [
        ["审计", "next tuesday", "", "内容", "WZ", "", ""],
        ["内部传闻", str(day), "摘要", "内容", "XX", "9999", ""],
        ["审计", str(today() + timedelta(days=3)), "摘要", "内容", "WZ", "", ""],
    ]
    before = stored(s)
    refused = await upload(s, workbook(good + bad), 422)
    assert refused["detail"] == "导入被拒绝：3 行有错误，未保存任何内容"
    assert [(e["row"], e["column"], e["reason"]) for e in refused["errors"]] == [
        (6, "收到日期", "日期“next tuesday”无法识别（应为 2026-06-30）"),
        (6, "问题摘要", "必填"),
        (7, "预警渠道", "未知的预警渠道“内部传闻”"),
        (7, "涉及部门", "部门“XX”不存在"),
        (7, "涉及人员工号", "工号“9999”不存在"),
        (8, "收到日期", "收到日期晚于今天"),
    ]
    assert stored(s) == before
    english = await upload(s, workbook(bad[1:2]), 422, lang="en")
    assert [e["reason"] for e in english["errors"]] == [
        'unknown channel "内部传闻"',
        'no department "XX"',
        'no person with staff number "9999"',
    ]

    # A reporter column is refused outright: identities are entered one at a time.
    refused = await upload(s, workbook(good, [*HEADINGS, "举报人"]), 422)
    assert refused["errors"][0]["problem"] == "identity_column"
    await upload(s, b"not a workbook", 422)
    assert stored(s) == before

    imported = await upload(s, workbook(good), 201)
    assert imported["imported"] == 3
    cases = (await call(s, "GET", "/cases", office(s), params={"channel": "audit"})).json()
    assert sorted(c["title"] for c in cases["items"]) == ["合同未比价", "验收单据不全"]
    stats = (
        await call(
            s,
            "GET",
            "/statistics/channels",
            office(s),
            params={"from": str(day), "to": str(day), "lang": "zh-Hant"},
        )
    ).json()
    by = {i["channel"]: (i["label"], i["signals"]) for i in stats["items"]}
    assert by["audit"] == ("審計", 2) and by["special_check"] == ("專項檢查", 1)


async def test_bad_signals_are_refused_and_store_nothing(shared: tuple[System, World]) -> None:
    s, w = shared
    me = office(s)
    good = {
        "channel": "whistleblowing",
        "received_on": str(today()),
        "summary": "匿名举报",
        "content": "反映仓库保管员收受好处",
        "department_ids": [w.dept("WZ")],
    }
    before = stored(s)
    for body, status, detail in [
        ({**good, "channel": "audit", "reporter": {"name": "某某"}}, 422, "信访举报 reports only"),
        ({**good, "department_ids": ["00000000-0000-0000-0000-000000000001"]}, 422, "unknown"),
        ({**good, "risk_point_ids": ["00000000-0000-0000-0000-000000000002"]}, 422, "risk point"),
        ({**good, "received_on": str(today() + timedelta(days=1))}, 422, "after today"),
        (
            {**good, "attachments": [{"name": "a.pdf", "size": 1, "sha256": "abc"}]},
            422,
            "string_pattern_mismatch",
        ),
        ({**good, "channel": "gossip"}, 422, "enum"),
        ({**good, "reporter": {"name": ""}}, 422, "string_too_short"),
        ({**good, "summary": "x" * 201}, 422, "string_too_long"),
        ({**good, "case_id": "00000000-0000-0000-0000-000000000003"}, 404, "not found"),
    ]:
        r = await s.http.post("/api/v1/warning/signals", json=body, headers=me)
        assert (r.status_code, detail in r.text) == (status, True), r.text
    assert stored(s) == before

    # An anonymous report is welcome; there is simply no identity to read.
    signal = (
        await call(
            s,
            "POST",
            "/signals",
            me,
            201,
            json={
                **good,
                "attachments": [
                    {
                        "name": "举报信.jpg",
                        "media_type": "image/jpeg",
                        "size": 5120,
                        "sha256": sha("信"),
                    }
                ],
            },
        )
    ).json()
    r = await call(
        s,
        "POST",
        f"/signals/{signal['signal_id']}/identity-reads",
        me,
        404,
        json={"reason": "核实"},
    )
    assert "anonymously" in r.json()["detail"]
    read = (await call(s, "GET", f"/signals/{signal['signal_id']}", me)).json()
    assert (read["anonymous"], read["channel_label"]) == (True, "信访举报")
    assert read["attachments"][0]["sha256"] == sha("信")
