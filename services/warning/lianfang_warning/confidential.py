"""The reporter's identity in audit histories, states and exports: never shown, to anyone.

Only its sealed form is stored (``vault.py``); here the audit trail is told to leave even that
out, so an export carries the event's digest instead of its bytes. The one way to the identity
is ``POST /signals/{id}/identity-reads``, for the case's handlers, and each read is recorded.
"""

from __future__ import annotations

from lianfang_warning.domain.signal import Signal


def register() -> None:
    """Mark the sealed identity secret for the audit trail's histories and exports."""
    from lianfang_shared.audit.redaction import mark_secret

    mark_secret(Signal.Received, "reporter_sealed")
    mark_secret(Signal, "reporter_sealed")
