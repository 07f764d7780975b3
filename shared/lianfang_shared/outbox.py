"""The outbox: a service's event log read as integration events.

eventsourcing's notification log is written in the same transaction as the events, so it is
the transactional outbox. The relay (to Kafka) and the feed (over HTTP) both read it here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from hashlib import sha1
from typing import Any
from uuid import NAMESPACE_URL

from eventsourcing.application import Application
from pydantic import TypeAdapter

from lianfang_shared.contracts import IntegrationEvent
from lianfang_shared.envelope import CONTENT_TYPE, SPECVERSION, Envelope, EnvelopeError
from lianfang_shared.persistence import META_KEY, event_metadata

# Maps a domain event to its public contract, or None if it stays internal.
Translator = Callable[[Any], IntegrationEvent | None]


_NAMESPACE = NAMESPACE_URL.bytes
_TIME = TypeAdapter(datetime)  # the envelope's own JSON form of its time attribute
_CONTENT_TYPE = ("content-type", CONTENT_TYPE.encode())
_SPECVERSION = ("ce_specversion", SPECVERSION.encode())


def envelope_id(service: str, originator_id: object, version: int) -> str:
    """A stable id: republishing the same domain event yields the same envelope id.

    ``uuid5(NAMESPACE_URL, "lianfang:<service>:<originator id>:<version>")``, computed without
    building UUID objects (the relay makes one per event).
    """
    name = f"lianfang:{service}:{originator_id}:{version}".encode()
    raw = bytearray(sha1(_NAMESPACE + name, usedforsecurity=False).digest()[:16])
    raw[6] = (raw[6] & 0x0F) | 0x50  # version 5
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@dataclass(frozen=True, slots=True)
class Record:
    """One envelope in Kafka's binary content mode, ready to produce.

    The same key, headers and body as ``Envelope.to_kafka`` gives for the envelope ``read``
    makes of the event, without building the envelope (the body is the same JSON, written
    by pydantic rather than ``json.dumps``: a float may be spelt differently, 1e-5 for
    1e-05); ``traceparent`` and ``tracestate`` are the stored trace context the producer
    span continues.
    """

    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]] = field(default_factory=list)
    traceparent: str = ""
    tracestate: str = ""


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

    def read_records(self, after: int, limit: int) -> tuple[list[Record], int]:
        """As ``read``, but each envelope already in its Kafka form (what the relay sends)."""
        notifications = self.app.recorder.select_notifications(start=after + 1, limit=limit)
        records = []
        to_domain_event, translate = self.app.mapper.to_domain_event, self.translate
        for n in notifications:
            domain_event = to_domain_event(n)
            body = translate(domain_event)
            if body is not None:
                records.append(self.record(body, domain_event, n.id))
        last = notifications[-1].id if notifications else after
        return records, last

    def record(self, body: IntegrationEvent, domain_event: Any, position: int) -> Record:
        """The Kafka record of one translated domain event (see ``Record``)."""
        meta = vars(domain_event).get(META_KEY) or {}
        subject = str(domain_event.originator_id)
        version = domain_event.originator_version
        timestamp = domain_event.timestamp
        if not isinstance(timestamp, datetime):  # as Envelope's validation would refuse it
            raise EnvelopeError(f"event at {position} has no valid timestamp: {timestamp!r}")
        # In Envelope.to_kafka's order; empty attributes are left out as it does.
        headers = [
            ("ce_id", envelope_id(self.service, subject, version).encode()),
            ("ce_source", f"/lianfang/{self.service}".encode()),
            _SPECVERSION,
            ("ce_type", body.event_type.encode()),
            ("ce_time", _TIME.dump_python(timestamp, mode="json").encode()),
            ("ce_subject", subject.encode()),
            ("ce_schemaversion", str(body.schema_version).encode()),
        ]
        actor = meta.get("actor", "system")
        if actor:
            headers.append(("ce_actor", actor.encode()))
        headers.append(("ce_sourceposition", str(position).encode()))
        traceparent = meta.get("traceparent", "")
        if traceparent:
            headers.append(("ce_traceparent", traceparent.encode()))
        tracestate = meta.get("tracestate", "")
        if tracestate:
            headers.append(("ce_tracestate", tracestate.encode()))
        headers.append(_CONTENT_TYPE)
        value = body.model_dump_json().encode()  # what to_kafka writes, by pydantic directly
        return Record(subject.encode(), value, headers, traceparent, tracestate)

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
