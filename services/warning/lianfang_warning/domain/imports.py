"""A spreadsheet of signals: the rows read and the problems found in them (all at once)."""

from __future__ import annotations

from dataclasses import dataclass, field

from lianfang_shared.spreadsheets import ImportRejected as ImportRejected
from lianfang_shared.spreadsheets import RowProblem as RowProblem
from lianfang_warning.domain.drafts import SignalDraft


@dataclass(frozen=True)
class SignalRow:
    """One row read (``row`` is the number people see), its references as written, and its
    signal (None when its cells are bad)."""

    row: int
    draft: SignalDraft | None
    departments: list[str] = field(default_factory=list)
    staff_nos: list[str] = field(default_factory=list)
