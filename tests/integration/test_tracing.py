"""One trace from the HTTP request through the store and Kafka into each consumer."""

from __future__ import annotations

import asyncio

import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from tests.support import System, eventually

pytestmark = pytest.mark.integration


async def test_one_trace_from_request_to_every_consumer(
    registry_review_notify: System, spans: InMemorySpanExporter
) -> None:
    s = registry_review_notify
    # Through Kafka, not catch-up: wait until the consumers have their partitions.
    consuming = lambda: all(x.consuming for x in s.services.values() if x.intake)  # noqa: E731
    await eventually(lambda: asyncio.sleep(0, result=consuming()))
    r = await s.http.post(
        "/api/v1/registry/departments",
        json={"code": "JJ", "name": "纪检监察部"},
        headers=s.auth("admin"),
    )
    assert r.status_code == 201

    def applied() -> set[str]:
        return {x.name for x in spans.get_finished_spans() if x.name.endswith(" apply")}

    await eventually(lambda: asyncio.sleep(0, result=applied() >= {"review apply", "notify apply"}))
    finished = spans.get_finished_spans()
    request = next(
        x
        for x in finished
        if x.kind == SpanKind.SERVER
        and x.attributes.get("http.route", "").endswith("/departments")
        and x.attributes.get("http.request.method", x.attributes.get("http.method")) == "POST"
    )
    trace_id = request.context.trace_id
    in_trace = [x for x in finished if x.context.trace_id == trace_id]
    kinds = {x.kind for x in in_trace}
    assert SpanKind.PRODUCER in kinds, [x.name for x in in_trace]  # the relay's publish
    assert SpanKind.CONSUMER in kinds, [x.name for x in in_trace]  # FastStream's process
    consumers = {x.attributes["lianfang.consumer"] for x in in_trace if x.name.endswith(" apply")}
    assert consumers == {"review", "notify"}, [x.name for x in in_trace]
    assert any(x.kind == SpanKind.CLIENT and "INSERT" in x.name for x in in_trace), [
        x.name for x in in_trace
    ]  # the event store write, via psycopg instrumentation
