"""OpenTelemetry traces and structured JSON logs that carry the trace id."""

from __future__ import annotations

import logging
import sys

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SimpleSpanProcessor,
    SpanExporter,
)
from pythonjsonlogger.json import JsonFormatter

from lianfang_shared.settings import PlatformSettings

_configured = False


def setup_tracing(
    settings: PlatformSettings, service_name: str, extra: SpanProcessor | None = None
) -> TracerProvider:
    """Install the global tracer provider once per process (exporter from settings)."""
    global _configured
    current = trace.get_tracer_provider()
    if _configured and isinstance(current, TracerProvider):
        if extra is not None:
            current.add_span_processor(extra)
        return current
    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
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
    trace.set_tracer_provider(provider)
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


def setup_logging(settings: PlatformSettings) -> None:
    """Log to stderr, as JSON lines (or plain text when LIANFANG_LOG_JSON=false)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(TraceIds())
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
    for noisy in ("aiokafka", "kafka", "httpx"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    import faststream  # creates its logger, with a colour handler of its own: use ours

    own = logging.getLogger(faststream.__name__)
    own.handlers.clear()
    own.propagate = True


__all__ = ["SimpleSpanProcessor", "setup_logging", "setup_tracing"]
