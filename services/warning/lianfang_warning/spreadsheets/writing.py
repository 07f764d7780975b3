"""Write annex 7 as XLSX: a form per warning (one sheet each), or the period's register."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from lianfang_shared.i18n import Locale, pick
from lianfang_warning.spreadsheets.layout import FORM, REGISTER, TITLES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(vertical="top", wrap_text=True)


def _title(ws: Worksheet, text: str, width: int) -> None:
    ws.append([text])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")


def _bytes(wb: Workbook) -> bytes:
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def forms(records: list[dict[str, str]], locale: Locale) -> bytes:
    """廉洁风险预警处置记录 (annex 7): one sheet per warning, one labelled line per field."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    title = pick(TITLES["annex7"], locale)
    for record in records or [{}]:
        ws = wb.create_sheet((record.get("warning_no") or title)[:31])
        _title(ws, title, 2)
        ws.column_dimensions["A"].width = 22
        ws.column_dimensions["B"].width = 80
        for key, heading in FORM:
            ws.append([pick(heading, locale), record.get(key, "")])
            name, value = ws[ws.max_row]
            name.font, name.fill = Font(bold=True), _HEAD
            for cell in (name, value):
                cell.alignment, cell.border = _WRAP, _BORDER
    return _bytes(wb)


def register(records: list[dict[str, str]], locale: Locale) -> bytes:
    """The period's register of warnings and their disposal (one row per warning)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = pick(TITLES["register"], locale)[:31]
    _title(ws, pick(TITLES["register"], locale), len(REGISTER))
    ws.append([c.heading(locale) for c in REGISTER])
    for n, column in enumerate(REGISTER, start=1):
        cell = ws.cell(row=2, column=n)
        cell.font, cell.fill, cell.border = Font(bold=True), _HEAD, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(n)].width = column.width
    for record in records:
        ws.append([record.get(c.key, "") for c in REGISTER])
        for cell in ws[ws.max_row]:
            cell.alignment, cell.border = _WRAP, _BORDER
    ws.freeze_panes = "A3"
    return _bytes(wb)
