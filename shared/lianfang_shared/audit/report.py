"""What a verification found: findings (kind, position, detail) and counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Finding:
    """One place where the log differs from what was chained and signed."""

    kind: str  # modified deleted inserted reordered truncated chain_altered checkpoint_* ...
    position: int
    detail: str

    def to_json(self) -> dict[str, Any]:
        """As reported."""
        return {"kind": self.kind, "position": self.position, "detail": self.detail}


@dataclass
class Report:
    """What the verifier found."""

    service: str
    events: int = 0
    chained: int = 0
    pending: int = 0
    checkpoints: int = 0
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing differs."""
        return not self.findings

    def add(self, kind: str, position: int, detail: str) -> None:
        """Record a finding."""
        self.findings.append(Finding(kind, position, detail))

    def to_json(self) -> dict[str, Any]:
        """As the endpoint and the CLI report it."""
        found = sorted(self.findings, key=lambda f: f.position)
        return {
            "service": self.service,
            "ok": self.ok,
            "first": found[0].to_json() if found else None,
            "events": self.events,
            "chained": self.chained,
            "pending": self.pending,
            "checkpoints": self.checkpoints,
            "findings": [f.to_json() for f in found],
            "notes": self.notes,
        }
