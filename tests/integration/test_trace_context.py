"""Without an exporter (``LIANFANG_OTEL_EXPORTER=none``, how the embedded runner and the
fault suite run) requests go through ``TraceContext`` instead of OpenTelemetry's ASGI
middleware: the caller's trace still reaches the stored events, and a request without one
starts its own."""

from __future__ import annotations

import re

import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from lianfang_shared.persistence import event_metadata
from lianfang_shared.settings import PlatformSettings
from lianfang_shared.telemetry import TraceContext
from tests.support import System, running

pytestmark = pytest.mark.integration
CALLER = "4bf92f3577b34da6a3ce929d0e0e4736"


async def create(s: System, code: str, headers: dict[str, str]) -> str:
    r = await s.http.post(
        "/api/v1/registry/departments",
        json={"code": code, "name": "纪检监察部"},
        headers={**s.auth("admin"), **headers},
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def stored_traceparent(s: System, aggregate_id: str) -> str:
    app = s.services["registry"].app
    for n in app.recorder.select_notifications(start=1, limit=100):
        if str(n.originator_id) == aggregate_id:
            return event_metadata(app.mapper.to_domain_event(n))["traceparent"]
    raise AssertionError(f"no event of {aggregate_id}")


async def test_the_callers_trace_reaches_the_stored_event(
    platform: PlatformSettings, monkeypatch: pytest.MonkeyPatch, spans: InMemorySpanExporter
) -> None:
    monkeypatch.setattr("lianfang_shared.app.exported", lambda: False)
    async with running(platform, ["registry"]) as s:
        assert any(m.cls is TraceContext for m in s.app.user_middleware)
        continued = await create(s, "JJ", {"traceparent": f"00-{CALLER}-00f067aa0ba902b7-00"})
        started = await create(s, "CW", {})
        version, trace_id, span_id, flags = stored_traceparent(s, continued).split("-")
        assert (version, trace_id, flags) == ("00", CALLER, "00")  # the caller's, unsampled
        assert span_id != "00f067aa0ba902b7"  # the request's own span under the caller's
        own = stored_traceparent(s, started).split("-")[1]
        assert re.fullmatch("[0-9a-f]{32}", own) and own not in (CALLER, "0" * 32)
    # FastAPI's own telemetry is off too (this test process does record spans, so it shows).
    scopes = {
        x.instrumentation_scope.name for x in spans.get_finished_spans() if x.instrumentation_scope
    }
    assert "lianfang_shared.telemetry" in scopes, scopes
    assert not [n for n in scopes if n.startswith("fastapi")], scopes
