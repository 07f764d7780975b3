"""``lianfang``: run the system, one service, or mint a development token.

lianfang up                 all four services in one process, one HTTP port (the gateway),
                            with an embedded PostgreSQL and Kafka-protocol broker unless
                            --postgres / --kafka (or LIANFANG_DATABASE_URL /
                            LIANFANG_KAFKA_BOOTSTRAP_SERVERS) name real ones
lianfang serve registry     one service (production: one Deployment each)
lianfang init               create schemas and topics, then exit (the init job)
lianfang token --user u1 --role office
lianfang audit verify        recompute the event logs' hash chains (see docs/audit.md)
lianfang replay --service registry --projection powers --verify
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import uvicorn

from lianfang_shared.settings import SERVICE_NAMES, PlatformSettings

# How long an idle HTTP connection is kept open: longer than clients keep theirs (httpx, which
# the services and tests use, 5 s; nginx to an upstream, 60 s). At uvicorn's default, 5 s, a
# client reusing an idle connection just as the server closed it lost the request
# (httpx.ReadError; a POST is not retried), which made a test fail now and then.
KEEP_ALIVE_SECONDS = 75


def load_spec(name: str) -> Any:
    """The ServiceSpec a service's package declares in ``main.SPEC``."""
    if name not in SERVICE_NAMES:
        raise SystemExit(f"unknown service {name!r}; choose from {', '.join(SERVICE_NAMES)}")
    return importlib.import_module(f"lianfang_{name}.main").SPEC


def build_app(platform: PlatformSettings, names: Sequence[str]) -> Any:
    """The FastAPI app for the named services."""
    return app_of(platform, [load_spec(n) for n in names])


def app_of(platform: PlatformSettings, specs: Sequence[Any], freeze_heap: bool = False) -> Any:
    """The FastAPI app for the services of ``specs`` (``ServiceSpec``s); ``freeze_heap``:
    see ``create_app``."""
    from lianfang_shared.app import create_app
    from lianfang_shared.service import Service

    return create_app(platform, [Service(spec, platform) for spec in specs], freeze_heap)


def serve(platform: PlatformSettings, specs: Sequence[Any], host: str, port: int) -> None:
    """Serve the services of ``specs`` in this process until SIGINT/SIGTERM (also how the
    tests' probe services run)."""
    from lianfang_shared.telemetry import setup_logging, setup_tracing

    setup_logging(platform)
    setup_tracing(platform, "lianfang" if len(specs) > 1 else f"lianfang-{specs[0].name}")
    app = app_of(platform, specs, freeze_heap=True)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,
        timeout_graceful_shutdown=20,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )
    uvicorn.Server(config).run()


def cmd_up(args: argparse.Namespace) -> None:
    """All services in one process, starting what infrastructure is missing."""
    from lianfang_shared.embedded import EmbeddedPostgres, TansuBroker, free_port

    data = Path(args.data_dir).resolve()
    data.mkdir(parents=True, exist_ok=True)
    overrides: dict[str, Any] = {"feed_base_url": f"http://127.0.0.1:{args.port}"}
    pg = broker = None
    _exit_through_finally(signal.SIGTERM, signal.SIGHUP)
    try:
        if args.postgres:
            overrides["database_url"] = args.postgres
        elif "LIANFANG_DATABASE_URL" not in os.environ:
            pg = EmbeddedPostgres(data / "pgdata")
            overrides["database_url"] = pg.start()
            print(f"PostgreSQL (embedded) data in {data / 'pgdata'}", flush=True)
        if args.kafka:
            overrides["kafka_bootstrap_servers"] = args.kafka
        elif "LIANFANG_KAFKA_BOOTSTRAP_SERVERS" not in os.environ:
            port = 9092 if _port_free(9092) else free_port()
            broker = TansuBroker(port, log_file=data / "tansu.log").start()
            overrides["kafka_bootstrap_servers"] = broker.bootstrap
            print(f"Kafka-protocol broker (embedded Tansu) on {broker.bootstrap}", flush=True)
        platform = PlatformSettings(**overrides)
        base = f"http://{args.host}:{args.port}"
        print(
            f"Lianfang API on {base}/api/v1/<service>  docs {base}/docs  ready {base}/readyz",
            flush=True,
        )
        serve(platform, [load_spec(n) for n in SERVICE_NAMES], args.host, args.port)
    finally:
        if broker is not None:
            broker.stop()
        if pg is not None:
            pg.stop()


def _exit_through_finally(*signals: signal.Signals) -> None:
    """Make ``signals`` end the process with SystemExit, so that ``finally`` blocks run (the
    embedded PostgreSQL and broker are stopped). Without it SIGTERM (``docker stop``,
    systemd, ``kill``) left them running: uvicorn shuts the services down gracefully on
    SIGTERM and then raises the signal again, and its default action ends the process on the
    spot. SIGHUP (the terminal closed) ended it so at once."""

    def leave(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    for sig in signals:
        signal.signal(sig, leave)


def _port_free(port: int) -> bool:
    import socket

    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def cmd_serve(args: argparse.Namespace) -> None:
    """One service on its own port."""
    spec = load_spec(args.service)
    settings = spec.settings_cls()
    serve(
        PlatformSettings(),
        [load_spec(args.service)],
        settings.http_host,
        args.port or settings.http_port,
    )


def cmd_init(args: argparse.Namespace) -> None:
    """Create every service's schema and every topic, then exit."""
    from lianfang_shared.bus import consumer_group, dead_letter_topic, ensure_topics, events_topic
    from lianfang_shared.persistence import ensure_schema, schema_lock

    platform = PlatformSettings()
    topics = []
    for name in SERVICE_NAMES:
        settings = load_spec(name).settings_cls()
        with schema_lock(platform.database_url, settings.db_schema):
            ensure_schema(platform.database_url, settings.db_schema)
        topics += [
            events_topic(platform, name),
            dead_letter_topic(platform, consumer_group(platform, settings)),
        ]
    asyncio.run(ensure_topics(platform, topics))
    print(f"schemas and topics ready: {', '.join(topics)}")


def cmd_token(args: argparse.Namespace) -> None:
    """Print a signed development token."""
    from lianfang_shared.auth import mint_token

    token = mint_token(
        PlatformSettings(),
        args.user,
        args.role,
        department_id=args.department,
        person_id=args.person,
        ttl_seconds=args.ttl,
    )
    print(token)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``lianfang`` command."""
    parser = argparse.ArgumentParser(
        prog="lianfang", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="run all services in one process")
    up.add_argument("--postgres", help="PostgreSQL URL instead of the embedded server")
    up.add_argument("--kafka", help="Kafka bootstrap host:port instead of the embedded broker")
    up.add_argument("--host", default="127.0.0.1")
    up.add_argument("--port", type=int, default=8000)
    up.add_argument("--data-dir", default=os.environ.get("LIANFANG_DATA_DIR", ".data"))
    up.set_defaults(func=cmd_up)
    serve = sub.add_parser("serve", help="run one service")
    serve.add_argument("service", choices=SERVICE_NAMES)
    serve.add_argument("--port", type=int)
    serve.set_defaults(func=cmd_serve)
    sub.add_parser("init", help="create schemas and topics").set_defaults(func=cmd_init)
    token = sub.add_parser("token", help="mint a development JWT")
    token.add_argument("--user", required=True)
    token.add_argument("--role", action="append", required=True, help="repeat for several")
    token.add_argument("--department")
    token.add_argument("--person")
    token.add_argument("--ttl", type=int, default=8 * 3600, help="seconds")
    token.set_defaults(func=cmd_token)
    from lianfang_shared.audit.commands import add_commands

    add_commands(sub)
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
