"""Comparing a rebuilt table with the live one, row by row, as JSON values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql

Conn = psycopg.Connection[Any]
SAMPLE = 20


@dataclass
class TableDiff:
    """How a rebuilt table differs from the live one (a sample of rows, and counts)."""

    table: str
    live_rows: int
    rebuilt_rows: int
    live_only: int = 0  # rows the live table has and the rebuilt one not
    rebuilt_only: int = 0  # rows the rebuilt table has and the live one not
    sample: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    note: str = ""

    @property
    def equal(self) -> bool:
        """True when both tables hold the same rows."""
        return not (self.live_only or self.rebuilt_only or self.note)

    def to_json(self) -> dict[str, Any]:
        """As reported."""
        return {**vars(self), "equal": self.equal}


def _count(conn: Conn, q: sql.Composable) -> int:
    row = conn.execute(sql.SQL("SELECT count(*) AS n FROM ({}) x").format(q)).fetchone()
    return int(row["n"]) if row else 0


def _key(conn: Conn, schema: str, table: str) -> list[str]:
    rows = conn.execute(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
        "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass(%s) AND i.indisprimary "
        "ORDER BY a.attnum",
        (f'"{schema}"."{table}"',),
    ).fetchall()
    return [r["attname"] for r in rows]


def compare_table(conn: Conn, live: str, rebuilt_schema: str, table: str) -> TableDiff:
    """Compare ``rebuilt.table`` with ``live.table``."""
    a = sql.SQL("{}.{}").format(sql.Identifier(live), sql.Identifier(table))
    b = sql.SQL("{}.{}").format(sql.Identifier(rebuilt_schema), sql.Identifier(table))
    exists = conn.execute("SELECT to_regclass(%s) AS r", (f'"{live}"."{table}"',)).fetchone()
    n_b = _count(conn, sql.SQL("SELECT 1 FROM {}").format(b))
    if not exists or exists["r"] is None:
        return TableDiff(table, 0, n_b, rebuilt_only=n_b, note="no live table")
    diff = TableDiff(table, _count(conn, sql.SQL("SELECT 1 FROM {}").format(a)), n_b)
    rows = sql.SQL("SELECT to_jsonb(t) AS r FROM {} t")
    only_a = sql.SQL("{} EXCEPT ALL {}").format(rows.format(a), rows.format(b))
    only_b = sql.SQL("{} EXCEPT ALL {}").format(rows.format(b), rows.format(a))
    diff.live_only, diff.rebuilt_only = _count(conn, only_a), _count(conn, only_b)
    if diff.equal:
        return diff
    sample = sql.SQL("SELECT r FROM ({}) x LIMIT 1000")
    in_live = [r["r"] for r in conn.execute(sample.format(only_a)).fetchall()]
    in_rebuilt = [r["r"] for r in conn.execute(sample.format(only_b)).fetchall()]
    diff.sample = _pair(in_live, in_rebuilt, _key(conn, rebuilt_schema, table))
    return diff


def _pair(
    live: list[dict[str, Any]], rebuilt: list[dict[str, Any]], key: list[str]
) -> dict[str, list[dict[str, Any]]]:
    """Rows with the same key on both sides become column changes; a few of each kind."""
    others = {tuple(r.get(k) for k in key): r for r in rebuilt} if key else {}
    live_only, changed = [], []
    for old in live:
        new = others.pop(tuple(old.get(k) for k in key), None) if key else None
        if new is None:
            live_only.append(old)
            continue
        columns = {
            c: {"live": old.get(c), "rebuilt": new.get(c)}
            for c in sorted(set(old) | set(new))
            if old.get(c) != new.get(c)
        }
        changed.append({"key": {k: old.get(k) for k in key}, "columns": columns})
    rebuilt_only = list(others.values()) if key else rebuilt
    return {
        "changed": changed[:SAMPLE],
        "live_only": live_only[:SAMPLE],
        "rebuilt_only": rebuilt_only[:SAMPLE],
    }
