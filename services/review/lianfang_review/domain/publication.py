"""Publication (公开): an approved list published within a scope, as an immutable version.

Each published version is its own aggregate with one event, named by kind, scope and number
(``create_id``), so two offices publishing at the same moment cannot both get number 3, and a
version once published never changes: later changes are published as the next version.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from lianfang_review.domain.terms import PublicationKind


class Publication(Aggregate):
    """One published version of a list (权力和责任清单 or 风险与措施清单) for a scope."""

    @staticmethod
    def create_id(kind: str, department_id: UUID | None, version: int, **_: Any) -> UUID:
        """The version's id: kind, scope (a department, or the factory) and number."""
        scope = department_id or "factory"
        return uuid5(NAMESPACE_URL, f"lianfang:review:publication:{kind}:{scope}:{version}")

    @event("Published")
    def __init__(
        self,
        kind: str,
        department_id: UUID | None,
        version: int,
        title: str,
        published_on: date,
        rows: list[dict[str, Any]],
        digest: str,
        note: str,
    ) -> None:
        self.kind = PublicationKind(kind)
        self.department_id = department_id
        self.version = version
        self.title = title
        self.published_on = published_on
        self.rows = list(rows)
        self.digest = digest
        self.note = note
