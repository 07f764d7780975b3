"""Exports for external audit: JSON Lines that verify offline (and fail after a one-byte edit),
a subject's part anchored at signed checkpoints, and XLSX in Chinese for people."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from lianfang_shared.audit.offline import verify_file
from lianfang_shared.audit.signing import generate_private_pem
from lianfang_shared.settings import PlatformSettings
from tests.audit.helpers import API, cli, fill, registry_of, seal
from tests.support import System, running

pytestmark = pytest.mark.integration


@pytest.fixture
async def signed(platform: PlatformSettings) -> AsyncIterator[System]:
    """The registry with its own signing key (not the development key)."""
    keyed = platform.model_copy(update={"audit_signing_key": generate_private_pem()})
    async with running(keyed, ["registry"]) as system:
        yield system


async def export(s: System, **params: Any) -> bytes:
    r = await s.http.get(f"{API}/audit/export.jsonl", params=params, headers=s.auth("auditor"))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/jsonl")
    return r.content


def lines(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(x) for x in data.splitlines()]


def one_byte_edited(data: bytes, position: int) -> bytes:
    """The file with one letter or digit inside the stored state of one event changed."""
    start = data.index(f'{{"kind":"event","position":{position},'.encode())
    at = data.index(b'"state":"', start) + 60
    while not chr(data[at]).isalnum():
        at += 1
    edited = bytearray(data)
    edited[at] = ord("1") if chr(data[at]) == "0" else ord("0")
    return bytes(edited)


async def test_an_exported_log_verifies_offline_and_fails_after_a_one_byte_edit(
    signed: System, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(signed)
    seal(signed)
    data = await export(signed)
    got = lines(data)
    assert got[0]["kind"] == "header" and got[0]["service"] == "registry"
    assert [x["position"] for x in got if x["kind"] == "event"] == list(range(1, 20))
    assert [x["kind"] for x in got[-2:]] == ["checkpoint", "seal"]
    assert verify_file(data).ok

    code, out = await cli(signed.platform, ["audit", "public-key"], capsys)
    assert code == 0 and "BEGIN PUBLIC KEY" in out
    (tmp_path / "operator.pem").write_text(out)
    (tmp_path / "log.jsonl").write_bytes(data)
    args = ["audit", "verify", "--file", str(tmp_path / "log.jsonl")]
    operator = ["--public-key", str(tmp_path / "operator.pem")]
    code, out = await cli(signed.platform, [*args, *operator], capsys)
    assert code == 0, out
    assert "registry: 19 events, 19 chained, 0 not yet chained, 1 checkpoints: OK" in out

    edited = one_byte_edited(data, 5)
    assert sum(a != b for a, b in zip(data, edited, strict=True)) == 1
    (tmp_path / "edited.jsonl").write_bytes(edited)
    report = verify_file(edited)
    assert not report.ok
    assert [(f.kind, f.position) for f in report.findings] == [
        ("file_altered", 0),
        ("modified", 5),
    ]
    argv = ["audit", "verify", "--file", str(tmp_path / "edited.jsonl"), *operator]
    code, out = await cli(signed.platform, argv, capsys)
    assert code == 1
    assert "modified             position 5:" in out

    other = generate_private_pem()  # a key that is not the operator's
    keyed = signed.platform.model_copy(update={"audit_signing_key": other})
    code, pem = await cli(keyed, ["audit", "public-key"], capsys)
    (tmp_path / "other.pem").write_text(pem)
    code, out = await cli(
        signed.platform, [*args, "--public-key", str(tmp_path / "other.pem")], capsys
    )
    assert code == 1
    assert "bad_signature" in out


async def test_a_subject_export_holds_its_events_and_verifies_between_checkpoints(
    signed: System,
) -> None:
    powers = fill(signed, powers=6, amendments=1)  # positions 1 to 13
    seal(signed)  # checkpoint at 13
    app = registry_of(signed).app
    department = app.get_power(powers[0]).department_id
    subject = app.register_power(department, "WZ-100", {"name": "招标采购审批"})  # 14
    app.amend_power(subject, {"name": "招标采购审批（修订）"}, "修订")  # 15
    app.amend_power(powers[0], {"content": "其他"}, "修订")  # 16
    seal(signed)  # checkpoint at 16
    app.amend_power(powers[1], {"content": "其他"}, "修订")  # 17
    app.amend_power(subject, {"content": "公开招标"}, "修订")  # 18
    seal(signed)  # checkpoint at 18
    app.amend_power(powers[2], {"content": "其他"}, "修订")  # 19, after the last checkpoint

    data = await export(signed, subject=str(subject))
    got = lines(data)
    assert (got[0]["after"], got[0]["until"], got[0]["subject"]) == (13, 18, str(subject))
    assert [x["position"] for x in got if x["kind"] == "event"] == [14, 15, 18]
    assert [x["position"] for x in got if x["kind"] == "link"] == [16, 17]
    assert all("state" not in x for x in got if x["kind"] == "link")
    assert [x["position"] for x in got if x["kind"] == "checkpoint"] == [13, 16, 18]
    report = verify_file(data)
    assert report.ok, report.to_json()
    assert not verify_file(one_byte_edited(data, 15)).ok


async def test_the_workbook_is_in_chinese_by_default_and_in_other_languages_on_request(
    registry: System,
) -> None:
    fill(registry)
    seal(registry)
    sheets = {}
    for lang in ("zh-Hans", "zh-Hant", "en"):
        r = await registry.http.get(
            f"{API}/audit/export.xlsx", params={"lang": lang}, headers=registry.auth("auditor")
        )
        assert r.status_code == 200, r.text
        sheets[lang] = load_workbook(BytesIO(r.content))
    book = sheets["zh-Hans"]
    assert book.sheetnames == ["说明", "事件日志", "签名检查点"]
    rows = list(book["事件日志"].iter_rows(values_only=True))
    assert rows[0] == ("序号", "日志位置", "时间", "对象", "版本", "事件", "操作人", "内容",
                       "已隐去字段", "链哈希")  # fmt: skip
    assert len(rows) == 20 and [r[1] for r in rows[1:]] == list(range(1, 20))
    assert "物资采购审批0（第3版）" in str(rows[-6][7])
    assert rows[1][2].count(":") == 2  # local time, to the second
    marks = list(book["签名检查点"].iter_rows(values_only=True))
    assert marks[0][:2] == ("日志位置", "事件数") and marks[1][:2] == (19, 19)
    assert sheets["zh-Hant"].sheetnames == ["說明", "事件日誌", "簽名檢查點"]
    assert sheets["en"].sheetnames == ["About", "Event log", "Signed checkpoints"]


async def test_the_cli_exports_what_the_api_exports(
    registry: System, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(registry, powers=2)
    seal(registry)
    target = tmp_path / "registry.jsonl"
    argv = ["audit", "export", "--service", "registry", "-o", str(target), "--by", "审计员甲"]
    code, out = await cli(registry.platform, argv, capsys)
    assert code == 0, out
    got = lines(target.read_bytes())
    assert got[0]["exported_by"] == "审计员甲"
    assert len([x for x in got if x["kind"] == "event"]) == 7
    code, out = await cli(registry.platform, ["audit", "verify", "--file", str(target)], capsys)
    assert code == 0
    assert "signed with the development key" in out
    xlsx = tmp_path / "registry.xlsx"
    argv = ["audit", "export", "--service", "registry", "--format", "xlsx", "-o", str(xlsx)]
    assert (await cli(registry.platform, argv, capsys))[0] == 0
    assert load_workbook(xlsx).sheetnames[1] == "事件日志"
