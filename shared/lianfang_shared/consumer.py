"""The idempotent consumer: applies integration events exactly once per consumer.

Each applied event leaves a tracking record (the inbox row, keyed by the envelope id) written
in the same transaction as the consumer's read-model rows or its own new events. A message
delivered again (Kafka redelivery, a relay retry, catch-up from the source) finds the record
and has no second effect. Keying by envelope id, not by offset or by a high-water mark, keeps
it correct across partitions and across a broker that lost its offsets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from typing import Any, NamedTuple

import psycopg
from eventsourcing.application import Application
from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from lianfang_shared.contracts import IntegrationEvent, UnknownEventType
from lianfang_shared.envelope import Envelope
from lianfang_shared.persistence import (
    AlreadyProcessed,
    Database,
    InboxEntry,
    claim,
    claim_all,
    unclaim,
)
from lianfang_shared.retry import is_outage
from lianfang_shared.telemetry import exported

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)
_PROPAGATOR = TraceContextTextMapPropagator()

# A projector writes read-model rows on the given connection (inside the inbox transaction).
Projector = Callable[[psycopg.Connection[Any], Any, Envelope], None]
# A batch projector writes those of several events of its contract at once (in their order),
# e.g. one statement for a run of them: ``def when_xs(conn, [(event, envelope), ...])``.
BatchProjector = Callable[[psycopg.Connection[Any], Sequence[tuple[Any, Envelope]]], None]
# A processor returns aggregates whose new events are saved with the inbox record.
Processor = Callable[[Any, Envelope], Sequence[Any]]
# An observer sees every envelope, of a known contract or not, inside the inbox transaction
# (after the projector of its contract, if any): data-driven reactions such as notify's rules.
Observer = Callable[[psycopg.Connection[Any], Envelope], None]
# A flush does, at the end of each of the consumer's transactions and before its commit, the
# writes its handlers deferred (kept in ``transaction_memo()``), e.g. a run's notifications
# with one statement instead of one each: ``def flush(conn)``.
Flush = Callable[[psycopg.Connection[Any]], None]
# Envelopes of a run claimed (their inbox records inserted) with one statement: one round
# trip to PostgreSQL instead of one each. A run that stops early (its time limit, the process
# stopping) takes back the claims of those it did not apply.
CLAIM_AT_ONCE = 50
_MEMO: ContextVar[dict[str, Any] | None] = ContextVar("lianfang_consumer_memo", default=None)


def in_transaction() -> bool:
    """Whether the caller runs inside one of a consumer's transactions (where the flushes
    run before the commit); outside one, a handler must not defer its writes."""
    return _MEMO.get() is not None


def transaction_memo() -> dict[str, Any]:
    """A dict that lasts as long as the consumer's current transaction (a run, or one
    envelope on its own path): for what a handler reads once per transaction rather than
    once per envelope, e.g. notify's rule book. Outside one, a new dict at each call."""
    memo = _MEMO.get()
    return memo if memo is not None else {}


@contextmanager
def _memo() -> Iterator[None]:
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


class Consumer:
    """One consumer (one per service): a set of handlers keyed by contract class."""

    def __init__(self, name: str, db: Database, app: Application[Any] | None = None) -> None:
        self.name = name
        self.db = db
        self.app = app
        self._projectors: dict[type[IntegrationEvent], Projector] = {}
        self._batch_projectors: dict[type[IntegrationEvent], BatchProjector] = {}
        self._processors: dict[type[IntegrationEvent], Processor] = {}
        self._observers: list[Observer] = []
        self._flushes: list[Flush] = []
        self.applied = 0
        self.duplicates = 0

    def projects(self, contract: type[IntegrationEvent]) -> Callable[[Projector], Projector]:
        """Register a read-model handler: ``def when_x(conn, event, envelope)``."""

        def register(fn: Projector) -> Projector:
            self._refuse_second(contract)
            self._projectors[contract] = fn
            return fn

        return register

    def projects_batch(
        self, contract: type[IntegrationEvent]
    ) -> Callable[[BatchProjector], BatchProjector]:
        """Register a read-model handler of several events at once:
        ``def when_xs(conn, [(event, envelope), ...])``. A run hands it each consecutive
        stretch of the contract's new events (a single one on its own path); a consumer with
        observers hands it one at a time, so that each observer sees the state after its own
        envelope's projection, as with ``projects``."""

        def register(fn: BatchProjector) -> BatchProjector:
            self._refuse_second(contract)
            self._batch_projectors[contract] = fn
            return fn

        return register

    def _refuse_second(self, contract: type[IntegrationEvent]) -> None:
        if contract in self._projectors or contract in self._batch_projectors:
            raise ValueError(f"{self.name}: {contract.__name__} has a projector already")

    def processes(self, contract: type[IntegrationEvent]) -> Callable[[Processor], Processor]:
        """Register an event-sourced reaction: ``def when_x(event, envelope) -> aggregates``."""

        def register(fn: Processor) -> Processor:
            if self.app is None:
                raise ValueError(f"{self.name}: a processor needs an Application")
            self._processors[contract] = fn
            return fn

        return register

    def observes(self, fn: Observer) -> Observer:
        """Register a handler of every envelope: ``def when_any(conn, envelope)``.

        With an observer, an envelope of an unknown type is applied (to the observer alone)
        instead of being refused; a body that does not match its known contract still is.
        """
        self._observers.append(fn)
        return fn

    def flushes(self, fn: Flush) -> Flush:
        """Register ``def flush(conn)``, called in each of the consumer's transactions before
        it commits: after a run's envelopes (after each one when a failed run is tried one at
        a time to find the culprit), and after an envelope on its own path. For the writes
        its handlers deferred (``in_transaction()``, ``transaction_memo()``)."""
        self._flushes.append(fn)
        return fn

    @property
    def handled_types(self) -> set[type[IntegrationEvent]]:
        """Contracts this consumer reacts to."""
        return set(self._projectors) | set(self._batch_projectors) | set(self._processors)

    def apply(self, envelope: Envelope) -> bool:
        """Apply one event; False when it was applied before or is of no interest.

        Raises UnknownEventType / ContractError for a body that matches no contract.
        """
        event = self._event_of(envelope)
        entry = _entry(self.name, envelope)
        if self._projected(type(event)):
            applied = self._project(event, envelope, entry)
        elif (processor := self._processors.get(type(event))) is not None:
            applied = self._process(processor, event, envelope, entry)
        else:
            return False
        if applied:
            self.applied += 1
        else:
            self.duplicates += 1
        return applied

    def _event_of(self, envelope: Envelope) -> Any:
        """The envelope's contract instance; None for an unknown type when observers take
        every envelope. Raises UnknownEventType / ContractError otherwise."""
        try:
            return envelope.contract()
        except UnknownEventType:
            if not self._observers:
                raise
            return None

    def apply_run(
        self, envelopes: Sequence[Envelope], enough: Callable[[], bool] = lambda: False
    ) -> Taken:
        """Apply envelopes in order in one transaction (one commit for the run); how many
        were taken, always a prefix of ``envelopes``, and the error of the next if its handler
        failed.

        The run stops before an envelope that needs handling of its own, which ``apply``
        gives it: one whose body matches no contract, one for a processor (saved through the
        Application with its tracking record), or one whose handler failed (the run is
        redone without it). It also stops, after at least one, once ``enough()`` says so (a
        time limit, the process stopping). A server going away raises, and nothing of the
        run is kept.
        """
        try:
            return self._run(envelopes, enough)
        except _HandlerFailed as failed:
            if failed.batched:  # which of the batch failed: the run again, one at a time
                try:
                    return self._run(envelopes, enough, batches=False)
                except _HandlerFailed as single:
                    failed = single
            prefix = envelopes[: failed.index]
            taken = self._run(prefix, lambda: False) if prefix else Taken(0, 0)
            return taken._replace(failure=failed.error)

    def _run(
        self, envelopes: Sequence[Envelope], enough: Callable[[], bool], batches: bool = True
    ) -> Taken:
        taken = applied = 0
        with _memo(), self.db.transaction() as conn:
            cursor = conn.cursor()
            while taken < len(envelopes):
                window = envelopes[taken : taken + CLAIM_AT_ONCE]
                chunk = self._takeable(window)
                wanted = [_entry(self.name, e) for e, _, handled in chunk if handled]
                claimed = claim_all(cursor, wanted, self.db.schema)
                for group in self._groups(chunk, batches):
                    if taken and enough():
                        # Committed without the rest: their claims go, so they are new later.
                        unclaim(cursor, self.name, claimed, self.db.schema)
                        break
                    new = []
                    for envelope, event, handled in group:
                        if handled and envelope.id in claimed:
                            claimed.discard(envelope.id)  # a repeat later: a duplicate
                            new.append((event, envelope))
                    try:
                        self._handle_all(conn, new)
                        if not batches:
                            self._flush(conn)  # a failure is this envelope's
                    except Exception as e:
                        if is_outage(e):
                            raise
                        raise _HandlerFailed(taken, e, batched=len(new) > 1) from e
                    applied += len(new)
                    taken += len(group)
                else:
                    if len(chunk) == len(window):
                        continue
                break  # stopped in time, or before an envelope that needs handling of its own
            if batches:
                try:
                    self._flush(conn)
                except Exception as e:
                    if is_outage(e):
                        raise
                    # Whose writes failed is not known: the run again, one at a time.
                    raise _HandlerFailed(0, e, batched=True) from e
        self.applied += applied
        self.duplicates += taken - applied
        return Taken(taken, applied)

    def _takeable(self, window: Sequence[Envelope]) -> list[tuple[Envelope, Any, bool]]:
        """The prefix of ``window`` a run can take, each envelope with its contract instance
        and whether a handler wants it; it ends before one that ``apply`` must handle on its
        own (no contract, or a processor's)."""
        chunk = []
        for envelope in window:
            try:
                event = self._event_of(envelope)
            except Exception:
                break  # apply() refuses it, with the reason
            if type(event) in self._processors:
                break  # saved through the Application with its inbox record
            chunk.append((envelope, event, self._projected(type(event))))
        return chunk

    def _groups(
        self, chunk: list[tuple[Envelope, Any, bool]], batches: bool
    ) -> Iterator[list[tuple[Envelope, Any, bool]]]:
        """``chunk`` in order, as groups handled at once: each consecutive stretch of one
        contract that has a batch projector (without observers), every other envelope alone."""
        batching = batches and bool(self._batch_projectors) and not self._observers
        group: list[tuple[Envelope, Any, bool]] = []
        for item in chunk:
            cls = type(item[1])
            if group and not (
                batching and cls is type(group[0][1]) and cls in self._batch_projectors
            ):
                yield group
                group = []
            group.append(item)
        if group:
            yield group

    def _projected(self, cls: type) -> bool:
        """Whether an event of ``cls`` goes to a projector or the observers (in the inbox
        transaction), not to a processor and not ignored as of no interest."""
        return cls not in self._processors and (
            cls in self._projectors or cls in self._batch_projectors or bool(self._observers)
        )

    def _handle_all(
        self, conn: psycopg.Connection[Any], new: Sequence[tuple[Any, Envelope]]
    ) -> None:
        """Handle new envelopes of one group: a batch projector's stretch at once (inside
        each envelope's ``applying`` span), any other alone."""
        if len(new) == 1:
            event, envelope = new[0]
            with applying(self.name, envelope):
                self._handle(conn, event, envelope)
        elif new:
            with ExitStack() as spans:
                for _, envelope in new:
                    spans.enter_context(applying(self.name, envelope))
                self._batch_projectors[type(new[0][0])](conn, new)

    def _handle(self, conn: psycopg.Connection[Any], event: Any, envelope: Envelope) -> None:
        projector = self._projectors.get(type(event))
        if projector is not None:
            projector(conn, event, envelope)
        elif (batch := self._batch_projectors.get(type(event))) is not None:
            batch(conn, [(event, envelope)])
        for observer in self._observers:
            observer(conn, envelope)

    def _project(self, event: Any, envelope: Envelope, entry: InboxEntry) -> bool:
        with _memo(), self.db.transaction() as conn:
            if not claim(conn.cursor(), entry, self.db.schema):
                return False
            self._handle(conn, event, envelope)
            self._flush(conn)
        return True

    def _flush(self, conn: psycopg.Connection[Any]) -> None:
        for flush in self._flushes:
            flush(conn)

    def _process(
        self, processor: Processor, event: Any, envelope: Envelope, entry: InboxEntry
    ) -> bool:
        assert self.app is not None
        if self.seen(entry):
            return False
        aggregates = processor(event, envelope)
        try:
            self.app.save(*aggregates, inbox=entry)
        except AlreadyProcessed:
            return False
        return True

    def unseen(self, envelopes: Sequence[Envelope]) -> list[Envelope]:
        """Those of ``envelopes`` this consumer would apply and has no tracking record of
        (one query)."""
        if not self._observers:
            handled = {c.event_type for c in self.handled_types}
            envelopes = [e for e in envelopes if e.type in handled]
        if not envelopes:
            return []
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT event_id FROM inbox WHERE consumer = %s AND event_id = ANY(%s)",
                (self.name, [e.id for e in envelopes]),
            ).fetchall()
        seen = {row["event_id"] for row in rows}
        return [e for e in envelopes if e.id not in seen]

    def seen(self, entry: InboxEntry) -> bool:
        """True if the event has a tracking record already."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT 1 FROM inbox WHERE consumer = %s AND event_id = %s",
                (entry.consumer, entry.event_id),
            ).fetchone()
        return row is not None


def _entry(consumer: str, envelope: Envelope) -> InboxEntry:
    return InboxEntry(consumer, envelope.id, envelope.service, envelope.sourceposition)


class Taken(NamedTuple):
    """What ``Consumer.apply_run`` took of a run."""

    length: int  # a prefix of the run
    applied: int  # of which had an effect (the others were duplicates or of no interest)
    failure: Exception | None = None  # of the next one's handler, if that stopped the run


class _HandlerFailed(Exception):
    """A handler failed on the envelope at ``index`` of a run, or on a batch from there."""

    def __init__(self, index: int, error: Exception, batched: bool = False) -> None:
        super().__init__(index, error)
        self.index = index
        self.error = error
        self.batched = batched


@contextmanager
def applying(consumer: str, envelope: Envelope) -> Iterator[None]:
    """The span of applying one envelope: a child of the span that published it (read from
    the envelope, as a fetched batch or a catch-up page has no single parent). When nothing
    exports spans, only the parent's context (its trace id, for the logs)."""
    parent = (
        _PROPAGATOR.extract({"traceparent": envelope.traceparent}) if envelope.traceparent else None
    )
    if not exported():
        token = otel_context.attach(parent) if parent is not None else None
        try:
            yield
        finally:
            if token is not None:
                otel_context.detach(token)
        return
    attributes: dict[str, str | int] = {
        "lianfang.consumer": consumer,
        "cloudevents.event_id": envelope.id,
        "cloudevents.event_type": envelope.type,
        "lianfang.source_position": envelope.sourceposition,
    }
    with tracer.start_as_current_span(
        f"{consumer} apply", context=parent, kind=trace.SpanKind.CONSUMER, attributes=attributes
    ):
        yield
