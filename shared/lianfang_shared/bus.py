"""The bus: FastStream's KafkaBroker (aiokafka), topic names and topic creation."""

from __future__ import annotations

import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError, UnknownTopicOrPartitionError
from aiokafka.protocol.metadata import MetadataRequest
from faststream.kafka import KafkaBroker
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware

from lianfang_shared.settings import PlatformSettings, ServiceSettings
from lianfang_shared.telemetry import exported

log = logging.getLogger(__name__)


def events_topic(settings: PlatformSettings, service: str) -> str:
    """The topic a service publishes its integration events to."""
    return f"{settings.topic_prefix}.{service}.events"


def consumer_group(settings: PlatformSettings, service: ServiceSettings) -> str:
    """The consumer group of a service (shared by its replicas)."""
    return service.consumer_group or f"{settings.topic_prefix}-{service.name}"


def dead_letter_topic(settings: PlatformSettings, consumer_group: str) -> str:
    """Where a consumer group puts messages it cannot process."""
    return f"{settings.topic_prefix}.dlq.{consumer_group}"


def make_broker(settings: PlatformSettings, client_id: str) -> KafkaBroker:
    """A KafkaBroker with quick metadata refresh and bounded timeouts, and FastStream's
    tracing when spans go somewhere. Without an exporter its middleware made a span that
    nobody sees and read the baggage of every fetched message (~4 % of a consumer's Python
    while draining); the consumer attaches each envelope's trace context itself
    (``consumer.applying``), so logs keep their trace ids either way.

    Without FastDepends (``apply_types``): its handler would be given the message as a context
    field, which FastDepends resolves in a worker thread, and its arguments validated, for
    every fetched batch (~14 % of a consumer's Python at 200 events/s); the one subscriber,
    ``Intake``'s, takes the message its decoder returns."""
    return KafkaBroker(
        settings.kafka_bootstrap_servers,
        apply_types=False,
        client_id=client_id,
        middlewares=[KafkaTelemetryMiddleware()] if exported() else [],
        metadata_max_age_ms=5_000,
        request_timeout_ms=10_000,
        logger=logging.getLogger(f"faststream.{client_id}"),
        log_level=logging.DEBUG,  # one line per message only when debugging
    )


async def ensure_topics(settings: PlatformSettings, topics: list[str]) -> bool:
    """Create the topics that do not exist yet; True if any was missing."""
    guard = TopicGuard(settings, topics)
    try:
        return await guard.ensure()
    finally:
        await guard.close()


class TopicGuard:
    """Keeps topics in existence, on one admin connection.

    A broker that lost its topics (a memory-only one restarted) may acknowledge records sent
    to a topic it no longer has and drop them, so publishers check before and after a batch.
    """

    def __init__(self, settings: PlatformSettings, topics: list[str]) -> None:
        self.settings = settings
        self.topics = topics
        self._admin: AIOKafkaAdminClient | None = None

    async def ensure(self) -> bool:
        """Create the missing topics; True if any was missing."""
        try:
            missing = await self.missing()
            if missing:
                await self._create(await self._connect(), missing)
            return bool(missing)
        except Exception:
            await self.close()
            raise

    async def missing(self) -> list[str]:
        """The guarded topics the broker does not have.

        Asks for the metadata of these topics only, and never lets the request create one (a
        broker that creates topics on metadata requests would make them with its own
        defaults). ``list_topics`` asked for every topic of the cluster: at each batch of the
        relay, the largest part of the check. aiokafka's admin client has no public call for
        this (``describe_topics`` lets the broker create them), hence its ``_send_request``.
        """
        request = MetadataRequest(self.topics, allow_auto_topic_creation=False)
        response = await (await self._connect())._send_request(request)
        return [
            t["topic"]
            for t in response.to_object()["topics"]
            if t["error_code"] == UnknownTopicOrPartitionError.errno
        ]

    async def _create(self, admin: AIOKafkaAdminClient, missing: list[str]) -> None:
        partitions, replicas = (
            self.settings.kafka_partitions,
            self.settings.kafka_replication_factor,
        )
        try:
            await admin.create_topics([NewTopic(t, partitions, replicas) for t in missing])
        except TopicAlreadyExistsError:
            pass
        log.info("created topics %s", missing)

    async def _connect(self) -> AIOKafkaAdminClient:
        if self._admin is None:
            admin = AIOKafkaAdminClient(
                bootstrap_servers=self.settings.kafka_bootstrap_servers, request_timeout_ms=10_000
            )
            await admin.start()
            self._admin = admin
        return self._admin

    async def close(self) -> None:
        """Close the admin connection."""
        admin, self._admin = self._admin, None
        if admin is not None:
            try:
                await admin.close()
            except Exception:
                log.debug("admin close failed", exc_info=True)
