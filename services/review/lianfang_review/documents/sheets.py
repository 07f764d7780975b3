"""Commitment letters, briefing records (廉洁风险交底表) and the assessment table as XLSX."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from lianfang_review.documents.layout import (
    ASSESSMENT,
    BRIEFING_ITEMS,
    FIELDS,
    LETTER_ITEMS,
    TITLES,
    col,
)  # fmt: skip
from lianfang_review.domain.terms import KNOWINGS, knowing_label, term
from lianfang_review.domain.vocab import label, measure_type_label
from lianfang_shared import workbooks
from lianfang_shared.i18n import Locale, pick


def _sheet(wb: Workbook, name: str, first: bool) -> Worksheet:
    if first and wb.active is not None:
        ws = wb.active
        ws.title = name[:31]
        return ws
    return wb.create_sheet(name[:31])


def _measures(item: dict[str, Any], locale: Locale) -> str:
    return "\n".join(
        f"{n}. {m['text']}（{measure_type_label(m['type'], locale)}·{label(m['stage'], locale)}）"
        for n, m in enumerate(item["measures"], start=1)
    )


def _items(ws: Worksheet, items: list[dict[str, Any]], locale: Locale, columns: Any) -> None:
    workbooks.headings(ws, columns, locale)
    for n, i in enumerate(items, start=1):
        workbooks.row(ws, columns, {
            "seq": n, "scope": label(i["scope"], locale), "category": label(i["category"], locale),
            "description": i["description"], "grade": label(i["grade"], locale),
            "measures": _measures(i, locale), "department_name": i.get("department_name") or "",
        })  # fmt: skip


def letters(sheets: list[tuple[str, str, dict[str, Any]]], locale: Locale) -> Workbook:
    """Commitment letters: per person, the letter's text then its risk points and measures."""
    wb = Workbook()
    for n, (name, text, version) in enumerate(sheets):
        ws = _sheet(wb, name, n == 0)
        ws.column_dimensions["A"].width = 100
        for line in text.splitlines():
            ws.append([line.lstrip("# ")])
            ws.cell(row=ws.max_row, column=1).alignment = Alignment(wrap_text=True)
        ws.append([])
        _items(ws, version["items"], locale, LETTER_ITEMS)
    return wb


def letters_xlsx(sheets: list[tuple[str, str, dict[str, Any]]], locale: Locale) -> bytes:
    """The letters as XLSX bytes."""
    return workbooks.to_bytes(letters(sheets, locale))


def briefing_record(b: Any, names: dict[Any, str], locale: Locale) -> bytes:
    """廉洁风险交底表: what was told, then each person's seven knowings."""
    wb = Workbook()
    title = pick(TITLES["briefing"], locale)
    ws = _sheet(wb, title, True)
    f = {k: pick(v, locale) for k, v in FIELDS.items()}
    workbooks.title(ws, f"{title}：{b.title}", 8)
    ws.append([f["level"], term(b.level.value, locale), f["held_on"], b.held_on.isoformat(),
               f["unit"], b.unit or names.get(b.department_id, "")])  # fmt: skip
    _items(ws, b.items, locale, BRIEFING_ITEMS)
    ws.append([])
    people = (col("name", "姓名", "姓名", "Name", 12),
              *(col(k, *(knowing_label(k, x) for x in ("zh-Hans", "zh-Hant", "en")), 14)
                for k in KNOWINGS),
              col("complete", "确认完成", "確認完成", "Complete", 10))  # fmt: skip
    workbooks.headings(ws, people, locale)
    for person in b.audience:
        known = set(b.knowings_of(person))
        workbooks.row(ws, people, {"name": names.get(person, str(person)),
                                   **{k: "✓" if k in known else "" for k in KNOWINGS},
                                   "complete": "✓" if b.complete_for(person) else ""})  # fmt: skip
    return workbooks.to_bytes(wb)


def assessment_table(year: int, rows: list[dict[str, Any]], locale: Locale) -> bytes:
    """年度考核表: per department, each component's value and points, the computed score, the
    score in force and the reason of an adjustment."""
    wb = Workbook()
    title = f"{year}{pick(TITLES['assessment'], locale)}"
    ws = _sheet(wb, title, True)
    workbooks.title(ws, title, len(ASSESSMENT))
    workbooks.headings(ws, ASSESSMENT, locale)
    for n, r in enumerate(rows, start=1):
        parts = {p["component"]: p for p in (r["rows"] or [])}
        cells = {f"{c}_{x}": parts[c][x] for c in parts for x in ("value", "points")}
        values = {"seq": n, "department_name": r["department_name"], **cells,
                  "computed": r["computed_score"], "score": r["score"],
                  "reason": r["adjust_reason"]}  # fmt: skip
        workbooks.row(ws, ASSESSMENT, values)
    return workbooks.to_bytes(wb)
