"""A spreadsheet of signals: the rows read and the problems found in them (all at once)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lianfang_shared.errors import DomainError
from lianfang_warning.domain.drafts import SignalDraft


@dataclass(frozen=True)
class SignalRow:
    """One row read (``row`` is the number people see), its references as written, and its
    signal (None when its cells are bad)."""

    row: int
    draft: SignalDraft | None
    departments: list[str] = field(default_factory=list)
    staff_nos: list[str] = field(default_factory=list)


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
