"""The outbox: a service's event log read as integration events.

eventsourcing's notification log is written in the same transaction as the events, so it is
the transactional outbox. The relay (to Kafka) and the feed (over HTTP) both read it here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from eventsourcing.application import Application

from lianfang_shared.contracts import IntegrationEvent
from lianfang_shared.envelope import Envelope
from lianfang_shared.persistence import event_metadata

# Maps a domain event to its public contract, or None if it stays internal.
Translator = Callable[[Any], IntegrationEvent | None]


def envelope_id(service: str, originator_id: object, version: int) -> str:
    """A stable id: republishing the same domain event yields the same envelope id."""
    return str(uuid5(NAMESPACE_URL, f"lianfang:{service}:{originator_id}:{version}"))


@dataclass
class Outbox:
    """Reads a service's notification log and translates it into envelopes."""

    service: str
    app: Application[Any]
    translate: Translator

    def head(self) -> int:
        """The newest position in the log (0 when empty)."""
        return self.app.recorder.max_notification_id() or 0

    def read(self, after: int, limit: int) -> tuple[list[Envelope], int]:
        """Envelopes of positions after ``after`` (at most ``limit`` positions scanned).

        Returns the envelopes and the last position scanned, which a reader stores as its
        new position even when some scanned events were internal and produced no envelope.
        """
        notifications = self.app.recorder.select_notifications(start=after + 1, limit=limit)
        envelopes = []
        for n in notifications:
            domain_event = self.app.mapper.to_domain_event(n)
            body = self.translate(domain_event)
            if body is not None:
                envelopes.append(self.wrap(body, domain_event, n.id))
        last = notifications[-1].id if notifications else after
        return envelopes, last

    def wrap(self, body: IntegrationEvent, domain_event: Any, position: int) -> Envelope:
        """Build the envelope of one translated domain event."""
        meta = event_metadata(domain_event)
        return Envelope(
            id=envelope_id(
                self.service, domain_event.originator_id, domain_event.originator_version
            ),
            source=f"/lianfang/{self.service}",
            type=body.event_type,
            schemaversion=body.schema_version,
            subject=str(domain_event.originator_id),
            time=domain_event.timestamp,
            actor=meta.get("actor", "system"),
            sourceposition=position,
            traceparent=meta.get("traceparent", ""),
            tracestate=meta.get("tracestate", ""),
            data=body.model_dump(mode="json"),
        )
