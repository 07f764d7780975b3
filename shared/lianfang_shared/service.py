"""A service's moving parts, assembled once: store, outbox, relay, consumer, catch-up, bus."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.application import Application
from fastapi import APIRouter

from lianfang_shared.application import ServiceApplication
from lianfang_shared.audit import TABLES as AUDIT_TABLES
from lianfang_shared.audit.checkpoint import checkpoints_topic
from lianfang_shared.audit.log import EventLog, events_table
from lianfang_shared.audit.trail import AuditTrail, checkpoint_publisher
from lianfang_shared.auth import mint_token
from lianfang_shared.bus import consumer_group, ensure_topics, events_topic, make_broker
from lianfang_shared.catchup import CatchUp
from lianfang_shared.consumer import Consumer
from lianfang_shared.intake import Intake
from lianfang_shared.outbox import Outbox, Translator
from lianfang_shared.persistence import Database, ensure_schema, eventsourcing_env, schema_lock
from lianfang_shared.projection import Projection
from lianfang_shared.projection_runner import TABLE as PROJECTION_TABLE
from lianfang_shared.projection_runner import ProjectionRunner
from lianfang_shared.read_your_writes import saved
from lianfang_shared.relay import Relay
from lianfang_shared.retry import Stopped, a_few_times, until_done
from lianfang_shared.settings import PlatformSettings, ServiceSettings
from lianfang_shared.wakeup import Listener, install_trigger

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServiceSpec:
    """What a service is made of; each service's ``main.py`` declares one."""

    name: str
    settings_cls: type[ServiceSettings]
    router: APIRouter
    application_cls: type[Application[Any]] | None = None
    translate: Translator | None = None
    upstreams: tuple[str, ...] = ()
    handlers: Callable[[Consumer], None] | None = None
    tables: str = ""
    projections: tuple[Projection, ...] = ()
    description: str = ""
    # Background loops of the service (e.g. notify's dispatcher), started once the store is
    # open: ``async def worker(service)``, returning when ``service.stopping`` is set.
    workers: tuple[Callable[[Service], Coroutine[Any, Any, None]], ...] = ()
    # A table of the service whose inserts, committed in any replica, set ``Service.woken``
    # at once for its workers (notify's deliveries: the dispatcher sends without waiting for
    # its next look).
    wakes: str = ""


@dataclass
class Service:
    """One running service (one per process in production; four in the embedded runner)."""

    spec: ServiceSpec
    platform: PlatformSettings
    settings: ServiceSettings = field(init=False)
    db: Database = field(init=False)
    app: Any = None
    outbox: Outbox | None = None
    relay: Relay | None = None
    consumer: Consumer | None = None
    intake: Intake | None = None
    catchup: CatchUp | None = None
    projectors: list[ProjectionRunner] = field(default_factory=list)
    audit: AuditTrail | None = None
    listener: Listener | None = None
    bus_ready: bool = False  # publishing: connected to the broker
    consuming: bool = False  # the consumer group has assigned this replica its partitions

    def __post_init__(self) -> None:
        self.settings = self.spec.settings_cls()
        self.db = Database(
            self.platform.database_url, self.settings.db_schema, self.platform.db_pool_size
        )
        # Two Kafka clients: ``broker`` publishes (relay, checkpoints, dead letters) and is
        # ready as soon as it connects; ``consumer_broker`` subscribes, and its start waits
        # until the consumer group has assigned partitions, which after a replica was killed
        # takes the group's session timeout. Publishing and catch-up do not wait for that.
        self.broker = make_broker(self.platform, client_id=f"lianfang-{self.name}")
        self.consumer_broker = make_broker(self.platform, client_id=f"lianfang-{self.name}-in")
        self.stopping = asyncio.Event()
        self.woken = asyncio.Event()  # the ``wakes`` table got rows: for the workers
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self.topic = events_topic(self.platform, self.name)
        self.publisher = self.broker.publisher(
            self.topic,
            title=f"{self.topic}:publish",
            description=f"Integration events of the {self.name} service (CloudEvents, binary mode)",
        )
        self.audit_publisher = (
            checkpoint_publisher(self.broker, self.platform, self.name)
            if self.spec.application_cls is not None
            else None
        )

    @property
    def name(self) -> str:
        """The service's name, e.g. ``registry``."""
        return self.spec.name

    def service_token(self) -> str:
        """The bearer token for other services' feeds: the configured one, else a fresh one."""
        if self.platform.service_token:
            return self.platform.service_token
        return mint_token(self.platform, f"svc-{self.name}", ["service"], ttl_seconds=600)

    async def start(self) -> None:
        """Prepare the store, then connect to the bus in the background (it may be away)."""
        self._loop = asyncio.get_running_loop()
        # PostgreSQL may be away (restarting as the process starts): wait for it, as for the
        # broker; a bad statement or setting fails the start at once.
        await a_few_times(
            f"{self.name} store", lambda: asyncio.to_thread(self._open_store), 1, self.stopping
        )
        if self.app is not None or self.spec.wakes:
            self.listener = Listener(
                self.platform.database_url,
                self.db.schema,
                self.nudge,
                self._heard if self.projectors else None,
            )
            self._tasks.append(
                asyncio.create_task(self.listener.run(self.stopping), name=f"{self.name}-listen")
            )
        for runner in self.projectors:
            self._tasks.append(asyncio.create_task(runner.run(self.stopping)))
        if self.audit is not None:
            bus_ready = lambda: self.bus_ready  # noqa: E731
            self._tasks.append(asyncio.create_task(self.audit.run(self.stopping, bus_ready)))
        for worker in self.spec.workers:
            name = f"{self.name}-{getattr(worker, '__name__', 'worker')}"
            self._tasks.append(asyncio.create_task(worker(self), name=name))
        if self.spec.upstreams:
            self.consumer = Consumer(self.name, self.db, self.app)
            if self.spec.handlers is not None:
                self.spec.handlers(self.consumer)
            self.intake = Intake(
                self.consumer,
                self.consumer_broker,
                self.broker,
                self.platform,
                consumer_group(self.platform, self.settings),
                self.spec.upstreams,
                self.stopping,
            )
            self.intake.subscribe()
            self.catchup = CatchUp(
                self.intake,
                self.db,
                self.spec.upstreams,
                {s: self.platform.feed_url(s) for s in self.spec.upstreams},
                self.service_token,
                self.platform.catchup_interval,
                self.platform.catchup_page_size,
                self.platform.catchup_grace,
            )
            self._tasks.append(
                asyncio.create_task(self.catchup.run(self.stopping), name=f"{self.name}-catchup")
            )
        self._tasks.append(asyncio.create_task(self._run_bus(), name=f"{self.name}-bus"))

    def _open_store(self) -> None:
        with schema_lock(self.platform.database_url, self.settings.db_schema):
            try:
                self._create_store()
            except BaseException:
                if self.app is not None:  # made before the failure: tried again from scratch
                    self.app.close()
                    self.app = None
                raise

    def _create_store(self) -> None:
        ensure_schema(self.platform.database_url, self.settings.db_schema)
        self.db.open()
        with self.db.transaction() as conn:
            conn.execute(PROJECTION_TABLE + AUDIT_TABLES + self.spec.tables)
            for projection in self.spec.projections:
                conn.execute(projection.tables)
            if self.spec.wakes:
                install_trigger(conn, self.db.schema, self.spec.wakes)
        if self.spec.application_cls is not None:
            env = eventsourcing_env(
                self.platform.database_url, self.settings.db_schema, self.platform.db_pool_size
            )
            self.app = self.spec.application_cls(env=env)
            self.projectors = [
                ProjectionRunner(
                    p,
                    self.app,
                    self.db,
                    self.platform.database_url,
                    poll_interval=self.platform.store_poll_interval,
                )
                for p in self.spec.projections
            ]
            if isinstance(self.app, ServiceApplication):
                self.app.listeners.append(self.nudge)
            if self.spec.translate is not None:
                self.outbox = Outbox(self.name, self.app, self.spec.translate)
            with self.db.transaction() as conn:
                install_trigger(conn, self.db.schema, events_table(self.app))
            self.audit = AuditTrail(
                EventLog(self.name, self.settings.db_schema, events_table(self.app)),
                self.db,
                self.platform,
                self.audit_publisher,
            )

    async def _run_bus(self) -> None:
        topics = [self.topic]
        if self.audit is not None:
            topics.append(checkpoints_topic(self.platform))
        if self.intake is not None:
            topics += [*self.intake.topics, self.intake.dlq_topic]
        try:
            await until_done(
                f"{self.name} topics", lambda: ensure_topics(self.platform, topics), self.stopping
            )
            await until_done(f"{self.name} broker", self.broker.start, self.stopping)
        except Stopped:
            return
        self.bus_ready = True
        loops = []
        if self.outbox is not None:
            self.relay = Relay(self.outbox, self.db, self.publisher, self.platform)
            loops.append(self.relay.run(self.stopping))
        if self.intake is not None:
            loops.append(self._consume())
        await asyncio.gather(*loops)

    async def _consume(self) -> None:
        try:
            await until_done(f"{self.name} consumer", self.consumer_broker.start, self.stopping)
        except Stopped:
            return
        self.consuming = True

    def nudge(self) -> None:
        """Tell the relay, the projections and the audit trail there is something new
        (thread-safe): after this process's saves, and on a notification of any process's;
        and the workers, by ``woken``."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self.woken.set)
        if self.relay is not None:
            self.relay.nudge()
        for runner in self.projectors:
            runner.nudge()
        if self.audit is not None:
            self.audit.nudge()

    def _heard(self, what: str, payload: str) -> None:
        """A projection's announcement (``wakeup``) to the runner it names."""
        name, _, position = payload.partition(" ")
        for runner in self.projectors:
            if runner.projection.name == name:
                runner.heard(what, position)

    def settle(self, timeout: float | None = None) -> None:
        """Block until each projection that the caller's saves change includes them (read
        your writes); the others are not waited for. After ``timeout`` (default the setting
        ``read_your_writes_timeout``) the command, which is saved, is answered anyway; its
        read models show it when their runner catches up."""
        mine = saved()
        for runner in self.projectors:
            if any(runner.projection.handles(c) for c in mine.classes):
                try:
                    runner.wait_for(
                        mine.position, timeout or self.platform.read_your_writes_timeout
                    )
                except TimeoutError as e:
                    log.warning(
                        "%s: answering before the read model has the change: %s", self.name, e
                    )

    async def ready(self) -> dict[str, bool]:
        """Readiness of the store and the broker."""
        store = await asyncio.to_thread(self.db.ping)
        broker = self.bus_ready and await self.broker.ping(timeout=2)
        return {"store": store, "broker": bool(broker)}

    async def stop(self) -> None:
        """Finish the batch in hand, commit, and close everything."""
        self.stopping.set()
        self.nudge()  # loops waiting for work see the stop at once
        for runner in self.projectors:
            runner.nudge(awaited=True)  # and a lingering runner stops lingering
        for task in self._tasks:
            try:
                await asyncio.wait_for(task, timeout=15)
            except (TimeoutError, asyncio.CancelledError):
                log.warning("%s: %s did not stop in time", self.name, task.get_name())
        if self.intake is not None:
            await self.intake.commit()  # what was applied need not come again
        await self.consumer_broker.stop()
        await self.broker.stop()
        if self.app is not None:
            await asyncio.to_thread(self.app.close)
        await asyncio.to_thread(self.db.close)
