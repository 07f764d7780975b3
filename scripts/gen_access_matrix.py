"""Draft the tables of docs/access.md from the routes, or from what a run of the matrix test saw.

    .venv/bin/python scripts/gen_access_matrix.py                 # every route, every cell ✓
    LIANFANG_ACCESS_OBSERVED=/tmp/seen.txt .venv/bin/pytest tests/badinput/test_access_matrix.py
    .venv/bin/python scripts/gen_access_matrix.py /tmp/seen.txt   # cells from the statuses seen

A draft only: what the system does is not yet what it should do. Read every row as a reviewer
before it goes into docs/access.md (which is the policy the test holds the system to); mark
lists and reports that department people see limited to their own department ``dept`` by hand.
"""

from __future__ import annotations

import sys
from collections import defaultdict

from lianfang_shared.auth import Role
from lianfang_shared.cli import build_app
from lianfang_shared.settings import SERVICE_NAMES, PlatformSettings

ROLES = [r.value for r in Role]


def served() -> list[tuple[str, str]]:
    """(method, path) of every API route, in the order the app declares them."""
    app = build_app(PlatformSettings(environment="test"), SERVICE_NAMES)
    return [
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        if path.startswith("/api/v1/")
        for method in operations
    ]


def cell(own: int | None, other: int | None) -> str:
    """✓ both through, — both 403, own: only the own department's call through."""
    if own is None or other is None:
        return "?"
    if own == 403 and other == 403:
        return "—"
    if other == 403:
        return "own"
    if own == 403:
        return "?"
    return "✓"


def main(argv: list[str]) -> None:
    seen: dict[tuple[str, str, str, str], int] = {}
    if argv:
        with open(argv[0], encoding="utf-8") as f:
            for line in f:
                method, path, role, where, status = line.split()
                seen[(method, path, role, where)] = int(status)
    by_service: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for method, path in served():
        by_service[path.split("/")[3]].append((method, path))
    for service in SERVICE_NAMES:
        print(f"\n### {service}\n")
        print("| endpoint | " + " | ".join(f"`{r}`" for r in ROLES) + " |")
        print("|---" * (len(ROLES) + 1) + "|")
        for method, path in by_service[service]:
            cells = [
                cell(seen.get((method, path, r, "own")), seen.get((method, path, r, "other")))
                if seen
                else "✓"
                for r in ROLES
            ]
            print(f"| `{method} {path}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
