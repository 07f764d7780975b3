"""The HTTP app: one for a single service, or the gateway holding several (embedded runner).

Each service's router is mounted under ``/api/v1/<service>`` behind authentication (deny by
default); health, readiness, OpenAPI and AsyncAPI are public.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Response
from fastapi.responses import HTMLResponse
from fastapi.telemetry import TelemetryConfig
from faststream.specification import AsyncAPI
from faststream.specification.asyncapi.site import get_asyncapi_html
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from starlette.types import ASGIApp, Receive, Scope, Send

from lianfang_shared.audit.access import auditors_read_only
from lianfang_shared.audit.routes import audit_router
from lianfang_shared.auth import authenticated
from lianfang_shared.errors import add_error_handlers
from lianfang_shared.feed import feed_router
from lianfang_shared.limits import BodySizeLimit, InputGuard
from lianfang_shared.read_your_writes import forget_saved
from lianfang_shared.service import Service
from lianfang_shared.settings import PlatformSettings
from lianfang_shared.status import status_router
from lianfang_shared.telemetry import TraceContext, exported


def create_app(
    platform: PlatformSettings, services: Sequence[Service], freeze_heap: bool = False
) -> FastAPI:
    """Build the FastAPI app serving ``services``; their lifecycles follow the app's.

    ``freeze_heap`` (a process of its own: ``lianfang serve``/``up``): once the services have
    started, what the start made (modules, routes, models, the services; ~165,000 objects)
    is moved out of the garbage collector's sight (``gc.freeze``), since it lives as long as
    the process. A full collection then scans only what came after: it had paused a
    consumer for ~150 ms every so often under load (docs/benchmarks.md)."""
    by_name = {s.name: s for s in services}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        started: list[Service] = []
        try:
            for service in services:
                await service.start()
                started.append(service)
            if freeze_heap:
                gc.collect()
                gc.freeze()
            yield
        finally:
            for service in reversed(started):
                await service.stop()

    title = "Lianfang 廉防" if len(services) > 1 else f"Lianfang {services[0].name}"
    # FastAPI's own telemetry (a span per request, per dependency resolution, endpoint and
    # serialisation; request metrics) only when spans go somewhere: otherwise it made span
    # objects nobody sees, ~5 % of the registry's Python under load.
    off = TelemetryConfig(tracing=False, metrics=False, logs=False)
    native = None if exported() else off
    app = FastAPI(title=title, version="0.1.0", lifespan=lifespan, telemetry=native)
    app.state.platform = platform
    app.state.services = by_name
    # The last added runs first: the size limit bounds what the guard buffers.
    app.add_middleware(InputGuard, max_depth=platform.max_json_depth)
    app.add_middleware(BodySizeLimit, max_bytes=platform.max_body_bytes)
    app.add_middleware(OwnSaves)
    add_error_handlers(app)

    for service in services:
        prefix = f"/api/v1/{service.name}"
        app.include_router(
            service.spec.router,
            prefix=prefix,
            dependencies=[Depends(authenticated), Depends(auditors_read_only)],
            tags=[service.name],
        )
        app.include_router(feed_router(service.name), prefix=prefix)
        app.include_router(audit_router(service.name), prefix=prefix)
        app.include_router(status_router(service.name), prefix=prefix)
    _add_asyncapi(app, services)

    @app.get("/healthz", tags=["health"], summary="Liveness: the process serves requests")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"], summary="Readiness: store and broker reachable")
    async def readyz(response: Response) -> dict[str, object]:
        checks = await asyncio.gather(*(s.ready() for s in services))
        report = {s.name: c for s, c in zip(services, checks, strict=True)}
        ready = all(all(c.values()) for c in checks)
        response.status_code = 200 if ready else 503
        return {"status": "ready" if ready else "not ready", "services": report}

    if exported():
        FastAPIInstrumentor.instrument_app(app, excluded_urls="healthz,readyz")
    else:
        app.add_middleware(TraceContext)
    return app


class OwnSaves:
    """Each request waits only for its own saves (read your writes): it starts with none,
    whatever the task that served it inherited."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        forget_saved()
        await self.app(scope, receive, send)


def _add_asyncapi(app: FastAPI, services: Sequence[Service]) -> None:
    spec = AsyncAPI(
        *(b for s in services for b in (s.broker, s.consumer_broker)),
        title="Lianfang integration events",
        version="0.1.0",
        description="CloudEvents 1.0 in Kafka binary mode; bodies are the contracts in "
        "lianfang_shared.contracts. "
        + " ".join(f"{s.name}: {s.spec.description}" for s in services),
    )

    @app.get("/asyncapi.json", tags=["contracts"], include_in_schema=False)
    async def asyncapi_json() -> Response:
        return Response(spec.to_specification().to_json(), media_type="application/json")

    @app.get("/asyncapi", tags=["contracts"], include_in_schema=False)
    async def asyncapi_html() -> HTMLResponse:
        return HTMLResponse(get_asyncapi_html(spec.to_specification()))
