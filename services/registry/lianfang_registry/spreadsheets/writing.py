"""Write the annexes as XLSX: a title row, the headings, then one row per power (or item)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook

from lianfang_registry.domain.vocab import label
from lianfang_registry.spreadsheets.layout import ANNEX1, ANNEX2, TITLES, YES_NO, Column
from lianfang_shared import workbooks
from lianfang_shared.i18n import Locale, pick
from lianfang_shared.spreadsheets import XLSX as XLSX


def _workbook(
    annex: str, columns: tuple[Column, ...], rows: Iterable[dict[str, Any]], locale: Locale
) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = pick(TITLES[annex], locale)[:31]
    workbooks.title(ws, pick(TITLES[annex], locale), len(columns))
    workbooks.headings(ws, columns, locale)
    for row in rows:
        workbooks.row(ws, columns, row)
    ws.freeze_panes = "A3"
    return workbooks.to_bytes(wb)


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
