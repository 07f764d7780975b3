"""A catalogue import: the rows read from a spreadsheet and the problems found in them."""

from __future__ import annotations

from dataclasses import dataclass

from lianfang_shared.spreadsheets import ImportRejected as ImportRejected
from lianfang_shared.spreadsheets import RowProblem as RowProblem


@dataclass(frozen=True)
class PowerRow:
    """One power read from a spreadsheet row (``row`` is the row number people see)."""

    row: int
    department_code: str
    code: str
    details: dict[str, str]
