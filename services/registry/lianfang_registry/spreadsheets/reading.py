"""Read powers from an XLSX in the annex 1 layout, checking every cell; all problems at once."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from lianfang_registry.domain.catalogue import ImportRejected, PowerRow, RowProblem
from lianfang_registry.domain.vocab import category_from_text
from lianfang_registry.spreadsheets.layout import CODE, IMPORTED, Column, by_heading

_CODE = re.compile(r"^[A-Za-z0-9_.-]+$")
_HEADINGS = by_heading(IMPORTED)
_SCAN = 10  # the heading row is among the first rows (a title may sit above it)


def read_powers(content: bytes, max_rows: int) -> tuple[list[PowerRow], list[RowProblem]]:
    """Every power of the first sheet and every bad cell (ImportRejected if it cannot be read)."""
    try:
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportRejected([RowProblem(0, "", "not_xlsx")]) from None
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    header_at, columns = _header(rows)
    missing = [c for c in IMPORTED if c not in columns.values()]
    if missing:
        raise ImportRejected([RowProblem(header_at + 1, c.key, "missing_column") for c in missing])
    found, problems = [], []
    for number, values in _data(rows, header_at):
        cells = {c.key: _text(values[i]) if i < len(values) else "" for i, c in columns.items()}
        problems += _check(number, cells)
        found.append(_power(number, cells))
    if not found:
        raise ImportRejected([RowProblem(header_at + 1, "", "no_rows")])
    if len(found) > max_rows:
        raise ImportRejected([RowProblem(header_at + 1, "", "too_many", {"max": max_rows})])
    return found, problems + _duplicates(found)


def _header(rows: Sequence[Sequence[Any]]) -> tuple[int, dict[int, Column]]:
    """The index of the heading row and the imported column at each position."""
    for index, values in enumerate(rows[:_SCAN]):
        columns = {
            i: _HEADINGS[_text(v).lower()]
            for i, v in enumerate(values)
            if _text(v).lower() in _HEADINGS
        }
        if CODE in columns.values():
            return index, columns
    return 0, {}


def _data(rows: Sequence[Sequence[Any]], header_at: int) -> Iterator[tuple[int, Sequence[Any]]]:
    for index in range(header_at + 1, len(rows)):
        if any(_text(v) for v in rows[index]):
            yield index + 1, rows[index]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip()


def _check(row: int, cells: dict[str, str]) -> list[RowProblem]:
    problems = []
    for column in IMPORTED:
        value = cells[column.key]
        if column.required and not value:
            problems.append(RowProblem(row, column.key, "required"))
        elif len(value) > column.max_length:
            problems.append(RowProblem(row, column.key, "too_long", {"max": column.max_length}))
        elif column.key in ("code", "department_code") and not _CODE.match(value):
            problems.append(RowProblem(row, column.key, "bad_code"))
    category = cells["category"]
    if category and category_from_text(category) is None:
        problems.append(RowProblem(row, "category", "unknown_category", {"value": category}))
    return problems


def _power(row: int, cells: dict[str, str]) -> PowerRow:
    category = category_from_text(cells["category"])
    details = {c.key: cells[c.key] for c in IMPORTED if c.key not in ("code", "department_code")}
    details["category"] = category.value if category else cells["category"]
    return PowerRow(row, cells["department_code"], cells["code"], details)


def _duplicates(rows: list[PowerRow]) -> list[RowProblem]:
    first: dict[tuple[str, str], int] = {}
    problems = []
    for r in rows:
        key = (r.department_code, r.code)
        if not r.code:
            continue
        if key in first:
            problems.append(RowProblem(r.row, "code", "duplicate", {"other": first[key]}))
        else:
            first.setdefault(key, r.row)
    return problems
