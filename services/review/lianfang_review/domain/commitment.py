"""Integrity commitment (廉洁承诺): what a person commits to, to whom, signed and publicised.

One aggregate per person. Each generation of its content is a new version (rank, posts, the
recipient by the ladder, the applicable risk points and measures as approved, the template
version) with a digest; a signature names the version and digest signed. The commitment goes
stale when what it lists changes or the person changes post, and a new version is required.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from lianfang_review.domain.errors import (
    CommitmentNotFound,
    InvalidRequest,
    NothingChanged,
    OutOfTurn,
)
from lianfang_review.domain.terms import CommitmentStatus as S


class Commitment(Aggregate):
    """A person's integrity commitment and every version of it."""

    @staticmethod
    def create_id(person_id: UUID, **_: Any) -> UUID:
        """One commitment per person."""
        return uuid5(NAMESPACE_URL, f"lianfang:review:commitment:{person_id}")

    @event("Opened")
    def __init__(self, person_id: UUID, department_id: UUID | None) -> None:
        self.person_id = person_id
        self.department_id = department_id
        self.versions: list[dict[str, Any]] = []
        self.status = S.required
        self.owed: dict[str, Any] | None = None
        self.valid_until: date | None = None
        self.renewal_noticed = False

    @property
    def route(self) -> dict[str, Any]:
        """Whose commitment it is (travels with every published event)."""
        return {"person_id": self.person_id, "department_id": self.department_id}

    @property
    def current(self) -> dict[str, Any]:
        """The newest version (CommitmentNotFound if none was generated yet)."""
        if not self.versions:
            raise CommitmentNotFound("no commitment has been generated for this person yet")
        return self.versions[-1]

    def version_at(self, number: int) -> dict[str, Any]:
        """A version by number."""
        if not 1 <= number <= len(self.versions):
            raise CommitmentNotFound(f"the commitment has no version {number}")
        return self.versions[number - 1]

    # Content and signature ---------------------------------------------------------------------
    def generate(self, content: dict[str, Any], digest: str, on: date) -> int:
        """A new version of the content, awaiting the person's signature."""
        if self.versions and self.current["digest"] == digest:
            if self.status is S.awaiting_signature:
                raise NothingChanged("the commitment awaiting signature says this already")
            if self.status is S.signed:
                raise NothingChanged("the signed commitment is current; nothing to renew")
        number = len(self.versions) + 1
        self._generated(number, dict(content), digest, on, content.get("department_id"))
        return number

    @event("Generated")
    def _generated(
        self,
        version: int,
        content: dict[str, Any],
        digest: str,
        generated_on: date,
        department_id: UUID | None,
    ) -> None:
        self.versions.append(
            {**content, "version": version, "digest": digest, "generated_on": generated_on,
             "signed": None, "received": None, "publicity": None}
        )  # fmt: skip
        self.department_id = department_id
        self.status = S.awaiting_signature

    def sign(self, version: int, digest: str, signer: str, on: date, valid_days: int) -> None:
        """The person signs the version they read (its number and digest)."""
        self.check_current(version, digest)
        if self.status is not S.awaiting_signature:
            raise OutOfTurn(f"a {self.status.value} commitment cannot be signed")
        self._signed(version, digest, signer, on, on + timedelta(days=valid_days), self.route)

    @event("Signed")
    def _signed(
        self,
        version: int,
        digest: str,
        signer: str,
        signed_on: date,
        valid_until: date,
        route: dict[str, Any],
    ) -> None:
        self.current["signed"] = {"by": signer, "on": signed_on}
        self.status, self.owed = S.signed, None
        self.valid_until, self.renewal_noticed = valid_until, False

    def receive(self, version: int, recipient: str, on: date) -> None:
        """The recipient (the ladder's) takes the signed commitment."""
        self.check_current(version, None)
        if self.status is not S.signed or self.current["received"] is not None:
            raise OutOfTurn("only a signed commitment not yet received can be received")
        self._received(version, recipient, on, self.route)

    @event("Received")
    def _received(
        self, version: int, recipient: str, received_on: date, route: dict[str, Any]
    ) -> None:
        self.current["received"] = {"by": recipient, "on": received_on}

    def publicise(self, version: int, start_on: date, end_on: date) -> None:
        """Publicise (公示) the signed version from ``start_on`` to ``end_on``."""
        self.check_current(version, None)
        if self.status is not S.signed:
            raise OutOfTurn("only a signed, current commitment is publicised")
        if end_on < start_on:
            raise InvalidRequest("the publicity ends before it starts")
        self._publicised(version, start_on, end_on, self.route)

    @event("Publicised")
    def _publicised(
        self, version: int, start_on: date, end_on: date, route: dict[str, Any]
    ) -> None:
        self.current["publicity"] = {"start_on": start_on, "end_on": end_on}

    def check_current(self, version: int, digest: str | None) -> None:
        """The caller acts on the current version (and, if given, its exact content)."""
        if version != self.current["version"]:
            raise OutOfTurn(f"version {version} is not the current one ({len(self.versions)})")
        if digest is not None and digest != self.current["digest"]:
            raise OutOfTurn("the content differs from the version given (digest)")

    # Stale, renewal ----------------------------------------------------------------------------
    def require_new(
        self, cause: str, reason: str, renew_by: date, department_id: UUID | None, source: str
    ) -> bool:
        """A new commitment is required (stale, or none yet); False if one is owed already."""
        if self.status in (S.required, S.stale) and self.owed is not None:
            return False
        version = len(self.versions) or None
        route = {"person_id": self.person_id, "department_id": department_id or self.department_id}
        self._went_stale(cause, reason, renew_by, version, route, source)
        return True

    @event("WentStale")
    def _went_stale(
        self,
        cause: str,
        reason: str,
        renew_by: date,
        version: int | None,
        route: dict[str, Any],
        source: str,
    ) -> None:
        self.status = S.stale if self.versions else S.required
        self.owed = {"cause": cause, "reason": reason, "renew_by": renew_by, "source": source}
        self.department_id = route["department_id"]

    def announce_renewal(self, today: date, notice_days: int) -> bool:
        """Announce once that the signed commitment runs out soon; True if announced."""
        if self.status is not S.signed or self.renewal_noticed or self.valid_until is None:
            return False
        if self.valid_until - today > timedelta(days=notice_days):
            return False
        self._renewal_due(len(self.versions), self.valid_until, self.route)
        return True

    @event("RenewalDue")
    def _renewal_due(self, version: int, valid_until: date, route: dict[str, Any]) -> None:
        self.renewal_noticed = True
