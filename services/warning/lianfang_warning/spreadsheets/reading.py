"""Read signals from an XLSX (e.g. a register of audit findings), checking every cell at once."""

from __future__ import annotations

import re
from datetime import date

from lianfang_shared.params import EARLIEST_DAY, LATEST_DAY
from lianfang_shared.spreadsheets import check_cells, check_count, read_table
from lianfang_warning.domain.drafts import SignalDraft
from lianfang_warning.domain.imports import ImportRejected, RowProblem, SignalRow
from lianfang_warning.domain.vocab import channel_from_text
from lianfang_warning.spreadsheets.layout import CHANNEL, IDENTITY_HEADINGS, IMPORTED

_SPLIT = re.compile(r"[、,，;；\n]+")
_STAFF_SPLIT = re.compile(r"[、,，;；\s]+")


def read_signals(content: bytes, max_rows: int) -> tuple[list[SignalRow], list[RowProblem]]:
    """Every signal of the first sheet and every bad cell (ImportRejected if unreadable)."""
    table = read_table(
        content, IMPORTED, anchor=CHANNEL, needed=[c for c in IMPORTED if c.required]
    )
    identity = [h for h in table.headings if h.lower() in IDENTITY_HEADINGS]
    if identity:
        raise ImportRejected(
            [RowProblem(table.header_at + 1, "", "identity_column", {"value": identity[0]})]
        )
    found: list[SignalRow] = []
    problems: list[RowProblem] = []
    for number, cells in table.rows:
        row_problems = _check(number, cells)
        problems += row_problems
        found.append(_signal(number, cells, valid=not row_problems))
    check_count(table, len(found), max_rows)
    return found, problems


def _date(text: str) -> date | None:
    """The day written, if it is one the calendar reckons with (1900-2999)."""
    for candidate in (text, text.replace("/", "-").replace(".", "-")):
        try:
            day = date.fromisoformat(candidate)
        except ValueError:
            continue
        return day if EARLIEST_DAY <= day <= LATEST_DAY else None
    return None


def _check(row: int, cells: dict[str, str]) -> list[RowProblem]:
    problems = check_cells(row, cells, IMPORTED)
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
