"""Spreadsheet imports: columns with headings in each language, reading the first sheet of an
XLSX, checking every cell, and why a row was refused; services keep only their columns."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from lianfang_shared.errors import DomainError
from lianfang_shared.i18n import Locale, pick
from lianfang_shared.i18n import texts as _t

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SCAN = 10  # the heading row is among the first rows (a title may sit above it)
CODE = re.compile(r"^[A-Za-z0-9_.-]+$")


@dataclass(frozen=True)
class Column:
    """One column: its field, its heading in each language, and what a cell may hold."""

    key: str
    headings: dict[str, str]
    width: int = 18
    required: bool = False
    max_length: int = 4000
    is_code: bool = False  # letters, digits, _ . - only

    def heading(self, locale: Locale) -> str:
        """The heading in ``locale``."""
        return self.headings[locale]


def by_heading(columns: Iterable[Column]) -> dict[str, Column]:
    """Every heading (in any language) of ``columns``, to its column."""
    return {h.strip().lower(): c for c in columns for h in c.headings.values()}


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one cell: ``problem`` names the reason, ``params`` fill its text."""

    row: int
    column: str
    problem: str
    params: dict[str, Any] = field(default_factory=dict)


class ImportRejected(DomainError):
    """The file has bad rows; nothing from it was stored."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.row, p.column))
        rows = sorted({p.row for p in problems})
        super().__init__(f"{len(rows)} bad row(s); nothing was imported")


@dataclass(frozen=True)
class Table:
    """The first sheet as read: its heading row and each non-empty row below it."""

    header_at: int  # index of the heading row (its number people see is header_at + 1)
    headings: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number people see, cell text by column key)


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without ``.0``, dates as ISO, the rest stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip()


def read_table(
    content: bytes, columns: Sequence[Column], anchor: Column, needed: Iterable[Column]
) -> Table:
    """The first sheet's rows under the heading row (the first with ``anchor``'s heading).

    ImportRejected if the file is no XLSX or lacks a ``needed`` column; cells of ``columns``
    the sheet lacks read as "".
    """
    try:
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportRejected([RowProblem(0, "", "not_xlsx")]) from None
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    header_at, found = _header(rows, by_heading(columns), anchor)
    missing = [c for c in needed if c not in found.values()]
    if missing:
        raise ImportRejected([RowProblem(header_at + 1, c.key, "missing_column") for c in missing])
    data = []
    for index in range(header_at + 1, len(rows)):
        values = rows[index]
        if any(cell_text(v) for v in values):
            cells = {c.key: "" for c in columns}
            cells.update({c.key: _cell(values, i) for i, c in found.items()})
            data.append((index + 1, cells))
    headings = [cell_text(v) for v in rows[header_at]] if rows else []
    return Table(header_at, headings, data)


def _cell(values: Sequence[Any], i: int) -> str:
    return cell_text(values[i]) if i < len(values) else ""


def _header(
    rows: Sequence[Sequence[Any]], headings: dict[str, Column], anchor: Column
) -> tuple[int, dict[int, Column]]:
    """The index of the heading row and the imported column at each position."""
    for index, values in enumerate(rows[:SCAN]):
        columns = {
            i: headings[cell_text(v).lower()]
            for i, v in enumerate(values)
            if cell_text(v).lower() in headings
        }
        if anchor in columns.values():
            return index, columns
    return 0, {}


def check_cells(row: int, cells: dict[str, str], columns: Iterable[Column]) -> list[RowProblem]:
    """A cell required but empty, longer than its column allows, or a code that is none."""
    problems = []
    for column in columns:
        value = cells[column.key]
        if column.required and not value:
            problems.append(RowProblem(row, column.key, "required"))
        elif len(value) > column.max_length:
            problems.append(RowProblem(row, column.key, "too_long", {"max": column.max_length}))
        elif column.is_code and not CODE.match(value):
            problems.append(RowProblem(row, column.key, "bad_code"))
    return problems


def check_count(table: Table, found: int, max_rows: int) -> None:
    """ImportRejected if the sheet has no rows or more than ``max_rows``."""
    if not found:
        raise ImportRejected([RowProblem(table.header_at + 1, "", "no_rows")])
    if found > max_rows:
        raise ImportRejected([RowProblem(table.header_at + 1, "", "too_many", {"max": max_rows})])


# Reasons every import may give; a service adds its own (and its "no_rows").
REASONS: dict[str, dict[str, str]] = {
    "required": _t("必填", "必填", "required"),
    "too_long": _t("超过 {max} 个字符", "超過 {max} 個字元", "longer than {max} characters"),
    "bad_code": _t(
        "编码只能包含字母、数字和 _ . -",
        "編碼只能包含字母、數字和 _ . -",
        "a code holds letters, digits, _ . - only",
    ),
    "missing_column": _t("缺少此列", "缺少此欄", "column missing"),
    "not_xlsx": _t("不是有效的 XLSX 文件", "不是有效的 XLSX 檔案", "not a valid XLSX workbook"),
    "too_many": _t("最多 {max} 行", "最多 {max} 行", "at most {max} rows"),
}
HEADLINE = _t(
    "导入被拒绝：{rows} 行有错误，未保存任何内容",
    "匯入被拒絕：{rows} 行有錯誤，未儲存任何內容",
    "import refused: {rows} row(s) have errors; nothing was stored",
)


def rejection(
    e: ImportRejected,
    locale: Locale,
    reasons: dict[str, dict[str, str]],
    columns: Iterable[Column],
) -> dict[str, Any]:
    """The 422 body: a headline and every problem as (row, column, reason)."""
    by_key = {c.key: c for c in columns}
    rows = len({p.row for p in e.problems})
    return {
        "detail": pick(HEADLINE, locale).format(rows=rows),
        "errors": [
            {
                "row": p.row,
                "column": by_key[p.column].heading(locale) if p.column in by_key else "",
                "field": p.column,
                "problem": p.problem,
                "reason": pick(reasons[p.problem], locale).format(**p.params),
            }
            for p in e.problems
        ],
    }
