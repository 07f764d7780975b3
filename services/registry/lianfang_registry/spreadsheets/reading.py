"""Read powers from an XLSX in the annex 1 layout, checking every cell; all problems at once."""

from __future__ import annotations

from lianfang_registry.domain.catalogue import PowerRow, RowProblem
from lianfang_registry.domain.vocab import category_from_text
from lianfang_registry.spreadsheets.layout import CODE, IMPORTED
from lianfang_shared.spreadsheets import check_cells, check_count, read_table


def read_powers(content: bytes, max_rows: int) -> tuple[list[PowerRow], list[RowProblem]]:
    """Every power of the first sheet and every bad cell (ImportRejected if it cannot be read)."""
    table = read_table(content, IMPORTED, anchor=CODE, needed=IMPORTED)
    found, problems = [], []
    for number, cells in table.rows:
        problems += _check(number, cells)
        found.append(_power(number, cells))
    check_count(table, len(found), max_rows)
    return found, problems + _duplicates(found)


def _check(row: int, cells: dict[str, str]) -> list[RowProblem]:
    problems = check_cells(row, cells, IMPORTED)
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
