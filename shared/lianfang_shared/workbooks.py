"""Writing XLSX the way every annex looks: a title row, framed headings, wrapped cells."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from lianfang_shared.i18n import Locale
from lianfang_shared.spreadsheets import Column

THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(vertical="top", wrap_text=True)


def title(ws: Worksheet, text: str, width: int) -> None:
    """A bold title row, merged over ``width`` columns."""
    ws.append([text])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    cell = ws.cell(row=ws.max_row, column=1)
    cell.font, cell.alignment = Font(bold=True, size=14), Alignment(horizontal="center")


def headings(ws: Worksheet, columns: Sequence[Column], locale: Locale) -> None:
    """The heading row (bold, shaded, framed) and each column's width."""
    ws.append([c.heading(locale) for c in columns])
    for n, column in enumerate(columns, start=1):
        cell = ws.cell(row=ws.max_row, column=n)
        cell.font, cell.fill, cell.border = Font(bold=True), HEAD, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(n)].width = column.width


def row(ws: Worksheet, columns: Sequence[Column], values: dict[str, Any]) -> None:
    """One row of ``values`` by column key ("" where absent), wrapped and framed."""
    ws.append([values.get(c.key, "") for c in columns])
    for cell in ws[ws.max_row]:
        cell.alignment, cell.border = WRAP, BORDER


def to_bytes(wb: Workbook) -> bytes:
    """The workbook as XLSX bytes."""
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
