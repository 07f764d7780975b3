"""A catalogue import: the rows read from a spreadsheet and the problems found in them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lianfang_shared.errors import DomainError


@dataclass(frozen=True)
class PowerRow:
    """One power read from a spreadsheet row (``row`` is the row number people see)."""

    row: int
    department_code: str
    code: str
    details: dict[str, str]


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
