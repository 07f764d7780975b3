"""Read signals from an XLSX (e.g. a register of audit findings), checking every cell at once."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from lianfang_warning.domain.drafts import SignalDraft
from lianfang_warning.domain.imports import ImportRejected, RowProblem, SignalRow
from lianfang_warning.domain.vocab import channel_from_text
from lianfang_warning.spreadsheets.layout import (
    CHANNEL,
    IDENTITY_HEADINGS,
    IMPORTED,
    Column,
    by_heading,
)

_HEADINGS = by_heading(IMPORTED)
_SCAN = 10  # the heading row is among the first rows (a title may sit above it)
_SPLIT = re.compile(r"[、,，;；\n]+")
_STAFF_SPLIT = re.compile(r"[、,，;；\s]+")


def read_signals(content: bytes, max_rows: int) -> tuple[list[SignalRow], list[RowProblem]]:
    """Every signal of the first sheet and every bad cell (ImportRejected if unreadable)."""
    try:
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportRejected([RowProblem(0, "", "not_xlsx")]) from None
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    header_at, columns = _header(rows)
    missing = [c for c in IMPORTED if c.required and c not in columns.values()]
    if missing:
        raise ImportRejected([RowProblem(header_at + 1, c.key, "missing_column") for c in missing])
    identity = [_text(v) for v in rows[header_at] if _text(v).lower() in IDENTITY_HEADINGS]
    if identity:
        raise ImportRejected(
            [RowProblem(header_at + 1, "", "identity_column", {"value": identity[0]})]
        )
    found: list[SignalRow] = []
    problems: list[RowProblem] = []
    for number, values in _data(rows, header_at):
        cells = {c.key: _text(values[i]) if i < len(values) else "" for i, c in columns.items()}
        cells.update({c.key: "" for c in IMPORTED if c.key not in cells})
        row_problems = _check(number, cells)
        problems += row_problems
        found.append(_signal(number, cells, valid=not row_problems))
    if not found:
        raise ImportRejected([RowProblem(header_at + 1, "", "no_rows")])
    if len(found) > max_rows:
        raise ImportRejected([RowProblem(header_at + 1, "", "too_many", {"max": max_rows})])
    return found, problems


def _header(rows: Sequence[Sequence[Any]]) -> tuple[int, dict[int, Column]]:
    for index, values in enumerate(rows[:_SCAN]):
        columns = {
            i: _HEADINGS[_text(v).lower()]
            for i, v in enumerate(values)
            if _text(v).lower() in _HEADINGS
        }
        if CHANNEL in columns.values():
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


def _date(text: str) -> date | None:
    for candidate in (text, text.replace("/", "-").replace(".", "-")):
        try:
            return date.fromisoformat(candidate)
        except ValueError:
            continue
    return None


def _check(row: int, cells: dict[str, str]) -> list[RowProblem]:
    problems = []
    for column in IMPORTED:
        value = cells[column.key]
        if column.required and not value:
            problems.append(RowProblem(row, column.key, "required"))
        elif len(value) > column.max_length:
            problems.append(RowProblem(row, column.key, "too_long", {"max": column.max_length}))
    if cells["channel"] and channel_from_text(cells["channel"]) is None:
        problems.append(RowProblem(row, "channel", "unknown_channel", {"value": cells["channel"]}))
    if cells["received_on"] and _date(cells["received_on"]) is None:
        problems.append(RowProblem(row, "received_on", "bad_date", {"value": cells["received_on"]}))
    return problems


def _signal(row: int, cells: dict[str, str], valid: bool) -> SignalRow:
    channel = channel_from_text(cells["channel"])
    received_on = _date(cells["received_on"])
    draft = None
    if valid and channel is not None and received_on is not None:
        draft = SignalDraft(
            channel=channel,
            received_on=received_on,
            summary=cells["summary"],
            content=cells["content"],
            source_ref=cells["source_ref"],
        )
    return SignalRow(
        row,
        draft,
        departments=[d.strip() for d in _SPLIT.split(cells["departments"]) if d.strip()],
        staff_nos=[p for p in _STAFF_SPLIT.split(cells["persons"]) if p],
    )
