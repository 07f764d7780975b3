"""Write the annexes as XLSX: a title row, the headings, then one row per power (or item)."""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from lianfang_registry.domain.vocab import label
from lianfang_registry.spreadsheets.layout import ANNEX1, ANNEX2, TITLES, YES_NO, Column
from lianfang_shared.i18n import Locale, pick

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD = PatternFill("solid", fgColor="DDEBF7")


def _workbook(
    annex: str, columns: tuple[Column, ...], rows: Iterable[dict[str, Any]], locale: Locale
) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = pick(TITLES[annex], locale)[:31]
    ws.append([pick(TITLES[annex], locale)])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([c.heading(locale) for c in columns])
    for n, column in enumerate(columns, start=1):
        cell = ws.cell(row=2, column=n)
        cell.font, cell.fill, cell.border = Font(bold=True), _HEAD, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(n)].width = column.width
    wrap = Alignment(vertical="top", wrap_text=True)
    for row in rows:
        ws.append([row.get(c.key, "") for c in columns])
        for cell in ws[ws.max_row]:
            cell.alignment, cell.border = wrap, _BORDER
    ws.freeze_panes = "A3"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def annex1(powers: list[dict[str, Any]], locale: Locale) -> bytes:
    """职权目录 (annex 1): one row per power, every catalogue field."""
    rows = (
        {
            **p,
            "seq": n,
            "category": label(p["category"], locale),
            "status": label(p["status"], locale),
        }
        for n, p in enumerate(powers, start=1)
    )
    return _workbook("annex1", ANNEX1, rows, locale)


def annex2(items: list[dict[str, Any]], locale: Locale) -> bytes:
    """权力和责任清单 (annex 2): one row per responsibility item (one per power without items)."""
    yes, no = YES_NO[locale]
    rows = (
        {
            **i,
            "seq": n,
            "category": label(i["category"], locale),
            "key_post": "" if i["key_post"] is None else (yes if i["key_post"] else no),
            "item": i["item"] or "",
            "post_name": i["post_name"] or "",
            "holders": i["holders"] or "",
        }
        for n, i in enumerate(items, start=1)
    )
    return _workbook("annex2", ANNEX2, rows, locale)
