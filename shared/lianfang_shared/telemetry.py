"""OpenTelemetry traces and structured JSON logs that carry the trace id."""

from __future__ import annotations

import logging
import sys
import threading
import time
from typing import Any, cast

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.instrumentation.asgi import asgi_getter
from opentelemetry.propagate import extract
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SimpleSpanProcessor,
    SpanExporter,
)
from opentelemetry.sdk.trace.sampling import (
    ALWAYS_OFF,
    Sampler,
    SamplingResult,
    _get_from_env_or_default,
)
from pythonjsonlogger.json import JsonFormatter
from starlette.types import ASGIApp, Receive, Scope, Send

from lianfang_shared.settings import PlatformSettings

_configured = False


class WhileExported(Sampler):
    """The SDK's sampler (``OTEL_TRACES_SAMPLER``; by default parent-based, always on) once a
    span processor is installed; before that, spans are recorded only under a sampled parent
    from elsewhere. A process that exports nothing (``LIANFANG_OTEL_EXPORTER=none``) then
    builds no span objects for its requests and messages: its spans are non-recording, with
    real trace and span ids (logs keep their trace ids, and ``traceparent`` still goes with
    each event and message, unsampled)."""

    def __init__(self) -> None:
        self.exported = False
        self._sampler = _get_from_env_or_default()

    def should_sample(
        self,
        parent_context: Context | None,
        trace_id: int,
        name: str,
        kind: trace.SpanKind | None = None,
        attributes: Any = None,
        links: Any = None,
        trace_state: trace.TraceState | None = None,
    ) -> SamplingResult:
        """Delegate while exported or under a sampled parent; else drop."""
        if (
            self.exported
            or trace.get_current_span(parent_context).get_span_context().trace_flags.sampled
        ):
            return self._sampler.should_sample(
                parent_context, trace_id, name, kind, attributes, links, trace_state
            )
        return ALWAYS_OFF.should_sample(
            parent_context, trace_id, name, kind, attributes, links, trace_state
        )

    def get_description(self) -> str:
        """For the SDK's diagnostics."""
        return f"WhileExported{{{self._sampler.get_description()}}}"


def exported() -> bool:
    """True when this process's spans go somewhere (an exporter or a processor is installed)."""
    provider = trace.get_tracer_provider()
    sampler = getattr(provider, "sampler", None)
    return not isinstance(sampler, WhileExported) or sampler.exported


class TraceContext:
    """The request's part of a trace when nothing is exported, in place of OpenTelemetry's ASGI
    middleware: the caller's trace (``traceparent``) goes on, or a new one starts, in a span
    that is not recorded, so logs and stored events carry its ids. Without the middleware's
    per-request work for a span nobody sees (matching the route again for the span's name,
    the URL and host attributes, metrics): ~11 % of the registry's Python under load."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.tracer = trace.get_tracer(__name__)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        parent = extract(cast(dict[str, Any], scope), getter=asgi_getter)
        name = f"{scope['method']} {scope['path']}"
        with self.tracer.start_as_current_span(name, parent, trace.SpanKind.SERVER):
            await self.app(scope, receive, send)


def setup_tracing(
    settings: PlatformSettings, service_name: str, extra: SpanProcessor | None = None
) -> TracerProvider:
    """Install the global tracer provider once per process (exporter from settings)."""
    global _configured
    current = trace.get_tracer_provider()
    if _configured and isinstance(current, TracerProvider):
        if extra is not None:
            current.add_span_processor(extra)
            if isinstance(current.sampler, WhileExported):
                current.sampler.exported = True
            _instrument_psycopg()
        return current
    sampler = WhileExported()
    provider = TracerProvider(
        sampler=sampler, resource=Resource.create({"service.name": service_name})
    )
    exporter: SpanExporter | None = None
    if settings.otel_exporter == "console":
        exporter = ConsoleSpanExporter()
    elif settings.otel_exporter == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        endpoint = (
            settings.otel_endpoint.rstrip("/") + "/v1/traces" if settings.otel_endpoint else None
        )
        exporter = OTLPSpanExporter(endpoint=endpoint)
    if exporter is not None:
        provider.add_span_processor(BatchSpanProcessor(exporter))
    if extra is not None:
        provider.add_span_processor(extra)
    sampler.exported = exporter is not None or extra is not None
    trace.set_tracer_provider(provider)
    if sampler.exported:
        # A span per statement; its name and attributes come from the SQL text, which costs
        # even for a span that is not recorded: without an exporter, not instrumented.
        _instrument_psycopg()
    _configured = True
    return provider


def _instrument_psycopg() -> None:
    from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor

    instrumentor = PsycopgInstrumentor()
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument(enable_commenter=False, skip_dep_check=True)


class TraceIds(logging.Filter):
    """Adds trace_id and span_id of the current span to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        ctx = trace.get_current_span().get_span_context()
        record.trace_id = format(ctx.trace_id, "032x") if ctx.is_valid else ""
        record.span_id = format(ctx.span_id, "016x") if ctx.is_valid else ""
        return True


class RoutineRequests(logging.Filter):
    """Leaves out of uvicorn's access log the requests that come all the time and succeed:
    the probes (``/healthz``, ``/readyz``: Kubernetes asks every few seconds) and catch-up's
    reads of the internal event feeds (each consumer, every few seconds). Those that fail
    are logged as any request."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5:  # client, method, path, version, status
            path, status = str(args[2]).split("?", 1)[0], args[4]
            if isinstance(status, int) and 200 <= status < 300 and _routine(path):
                return False
        return True


class Repeats(logging.Filter):
    """Lets a message of the loggers under ``prefixes`` through once per ``window`` seconds
    (messages alike: the same logger, level and format string); the next one after the
    window says how many were left out. aiokafka logs every failed attempt to reach a broker
    as an error: while the broker is away, tens of lines a second in every process."""

    def __init__(self, prefixes: tuple[str, ...], window: float = 10.0) -> None:
        super().__init__()
        self.prefixes = prefixes
        self.window = window
        self._seen: dict[tuple[str, int, str], tuple[float, int]] = {}  # → since, left out
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(self.prefixes):
            return True
        key = (record.name, record.levelno, str(record.msg))
        now = time.monotonic()
        with self._lock:
            since, left_out = self._seen.get(key, (None, 0))
            if since is not None and now - since < self.window:
                self._seen[key] = (since, left_out + 1)
                return False
            self._seen[key] = (now, 0)
        if left_out:
            record.msg = f"{record.msg} [{left_out} more like it left out since the last]"
        return True


def _routine(path: str) -> bool:
    return path in ("/healthz", "/readyz") or path.endswith("/internal/events")


# The Kafka client's loggers: at WARNING at least, and their repeats thinned (``Repeats``).
KAFKA_LOGGERS = ("aiokafka", "kafka")


def setup_logging(settings: PlatformSettings) -> None:
    """Log to stderr, as JSON lines (or plain text when LIANFANG_LOG_JSON=false)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(TraceIds())
    handler.addFilter(Repeats(KAFKA_LOGGERS))
    if settings.log_json:
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s %(trace_id)s %(span_id)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s [%(trace_id)s]")
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    for noisy in (*KAFKA_LOGGERS, "httpx"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RoutineRequests) for f in access.filters):
        access.addFilter(RoutineRequests())
    import faststream  # creates its logger, with a colour handler of its own: use ours

    own = logging.getLogger(faststream.__name__)
    own.handlers.clear()
    own.propagate = True


__all__ = ["SimpleSpanProcessor", "exported", "setup_logging", "setup_tracing"]
