"""Import of a catalogue (职权目录) from XLSX: every bad row reported, all or nothing, fast."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.registry.factory import (
    XLSX_TYPE,
    bearer,
    call,
    catalogue_xlsx,
    power_row,
)
from tests.support import System

pytestmark = pytest.mark.integration


async def departments(s: System) -> dict[str, str]:
    """Two departments, by code."""
    admin = bearer(s, "admin")
    ids = {}
    for code, name in (("WZ", "物资供应部"), ("CW", "财务部")):
        r = await call(s, "POST", "/departments", admin, 201, json={"code": code, "name": name})
        ids[code] = r.json()["id"]
    return ids


async def upload(
    s: System, content: bytes, headers: dict[str, str], expect: int, **params: object
) -> httpx.Response:
    """POST a workbook to the import."""
    return await call(
        s,
        "POST",
        "/imports/powers",
        {**headers, "Content-Type": XLSX_TYPE},
        expect,
        content=content,
        params=params,
    )


async def total(s: System) -> int:
    """How many powers the registry holds (any status)."""
    r = await call(s, "GET", "/powers", bearer(s, "dept_staff"))
    return int(r.json()["total"])


async def test_one_bad_row_rejects_the_file(registry: System) -> None:
    s = registry
    await departments(s)
    office = bearer(s, "office")
    rows = [power_row("WZ", n) for n in range(1, 6)]
    rows[2]["category"] = "采购权"  # row 5 of the sheet: title, headings, then rows 3..7
    r = await upload(s, catalogue_xlsx(rows), office, 422)
    assert r.json() == {
        "detail": "导入被拒绝：1 行有错误，未保存任何内容",
        "errors": [
            {
                "row": 5,
                "column": "职权类别",
                "field": "category",
                "problem": "unknown_category",
                "reason": "未知的职权类别“采购权”",
            }
        ],
    }
    assert await total(s) == 0


async def test_every_bad_row_is_reported(registry: System) -> None:
    s = registry
    await departments(s)
    office = bearer(s, "office")
    await upload(s, catalogue_xlsx([power_row("WZ", 1)]), office, 201)
    rows = [
        power_row("WZ", 1),  # registered already
        power_row("WZ", 2, name=""),  # required
        power_row("XX", 3),  # no such department
        power_row("CW", 4, code="CW 4"),  # bad code
        power_row("WZ", 5),
        power_row("WZ", 5, time_limit="长" * 201),  # duplicate and too long
    ]
    r = await upload(s, catalogue_xlsx(rows), office, 422, lang="en")
    problems = [(e["row"], e["column"], e["reason"]) for e in r.json()["errors"]]
    assert problems == [
        (3, "Power code", 'the department has a power "WZ-0001" already'),
        (4, "Power", "required"),
        (5, "Department code", 'no department with code "XX"'),
        (6, "Power code", "a code holds letters, digits, _ . - only"),
        (8, "Power code", "same department and code as row 7"),
        (8, "Time limit", "longer than 200 characters"),
    ]
    assert await total(s) == 1
    r = await upload(s, b"not a workbook", office, 422)
    assert r.json()["errors"][0]["problem"] == "not_xlsx"


async def test_a_thousand_powers_import_at_once(registry: System) -> None:
    s = registry
    await departments(s)
    rows = [power_row("WZ" if n % 2 else "CW", n) for n in range(1, 1001)]
    content = catalogue_xlsx(rows)
    started = time.perf_counter()
    r = await upload(s, content, bearer(s, "office"), 201, activate=True)
    elapsed = time.perf_counter() - started
    print(f"\nimported 1,000 powers ({len(content):,} bytes of XLSX) in {elapsed:.2f} s")
    assert r.json()["imported"] == 1000
    listed = await call(s, "GET", "/powers", bearer(s, "dept_staff"), params={"status": "active"})
    assert listed.json()["total"] == 1000


async def test_the_exported_annex_is_the_import_layout(registry: System) -> None:
    s = registry
    await departments(s)
    office = bearer(s, "office")
    await upload(
        s, catalogue_xlsx([power_row("WZ", 1), power_row("CW", 2)]), office, 201, activate=True
    )
    exported = (await call(s, "GET", "/exports/annex1.xlsx", office)).content
    r = await upload(s, exported, office, 422)  # read back row by row: each one exists already
    assert [(e["row"], e["problem"]) for e in r.json()["errors"]] == [(3, "exists"), (4, "exists")]
