"""The bus: FastStream's KafkaBroker (aiokafka), topic names and topic creation."""

from __future__ import annotations

import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from faststream.kafka import KafkaBroker
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware

from lianfang_shared.settings import PlatformSettings

log = logging.getLogger(__name__)


def events_topic(settings: PlatformSettings, service: str) -> str:
    """The topic a service publishes its integration events to."""
    return f"{settings.topic_prefix}.{service}.events"


def dead_letter_topic(settings: PlatformSettings, consumer_group: str) -> str:
    """Where a consumer group puts messages it cannot process."""
    return f"{settings.topic_prefix}.dlq.{consumer_group}"


def make_broker(settings: PlatformSettings, client_id: str) -> KafkaBroker:
    """A KafkaBroker with tracing, quick metadata refresh and bounded timeouts."""
    return KafkaBroker(
        settings.kafka_bootstrap_servers,
        client_id=client_id,
        middlewares=[KafkaTelemetryMiddleware()],
        metadata_max_age_ms=5_000,
        request_timeout_ms=10_000,
        logger=logging.getLogger(f"faststream.{client_id}"),
    )


async def ensure_topics(settings: PlatformSettings, topics: list[str]) -> None:
    """Create the topics that do not exist yet (idempotent)."""
    admin = AIOKafkaAdminClient(
        bootstrap_servers=settings.kafka_bootstrap_servers, request_timeout_ms=10_000
    )
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in topics if t not in existing]
        if not missing:
            return
        new = [
            NewTopic(t, settings.kafka_partitions, settings.kafka_replication_factor)
            for t in missing
        ]
        try:
            await admin.create_topics(new)
        except TopicAlreadyExistsError:
            pass
        log.info("created topics %s", missing)
    finally:
        await admin.close()
