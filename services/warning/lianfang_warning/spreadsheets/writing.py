"""Write annex 7 as XLSX: a form per warning (one sheet each), or the period's register."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font

from lianfang_shared import workbooks
from lianfang_shared.i18n import Locale, pick
from lianfang_shared.spreadsheets import XLSX as XLSX
from lianfang_warning.spreadsheets.layout import FORM, REGISTER, TITLES


def forms(records: list[dict[str, str]], locale: Locale) -> bytes:
    """廉洁风险预警处置记录 (annex 7): one sheet per warning, one labelled line per field."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    title = pick(TITLES["annex7"], locale)
    for record in records or [{}]:
        ws = wb.create_sheet((record.get("warning_no") or title)[:31])
        workbooks.title(ws, title, 2)
        ws.column_dimensions["A"].width = 22
        ws.column_dimensions["B"].width = 80
        for key, heading in FORM:
            ws.append([pick(heading, locale), record.get(key, "")])
            name, value = ws[ws.max_row]
            name.font, name.fill = Font(bold=True), workbooks.HEAD
            for cell in (name, value):
                cell.alignment, cell.border = workbooks.WRAP, workbooks.BORDER
    return workbooks.to_bytes(wb)


def register(records: list[dict[str, str]], locale: Locale) -> bytes:
    """The period's register of warnings and their disposal (one row per warning)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = pick(TITLES["register"], locale)[:31]
    workbooks.title(ws, pick(TITLES["register"], locale), len(REGISTER))
    workbooks.headings(ws, REGISTER, locale)
    for record in records:
        workbooks.row(ws, REGISTER, record)
    ws.freeze_panes = "A3"
    return workbooks.to_bytes(wb)
