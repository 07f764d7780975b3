"""The bus: FastStream's KafkaBroker (aiokafka), topic names and topic creation."""

from __future__ import annotations

import logging
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.consumer.group_coordinator import GroupCoordinator
from aiokafka.errors import (
    CommitFailedError,
    TopicAlreadyExistsError,
    UnknownTopicOrPartitionError,
)
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
    commit_only_as_a_member()
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


def commit_only_as_a_member() -> None:
    """Make aiokafka refuse to commit offsets taken under an assignment the consumer no longer
    holds, or while it is rejoining its group (generation -1).

    aiokafka takes the offsets when ``commit`` is called and sends them once the coordinator
    answers, with the generation of that moment. A commit made as the broker went away is sent
    during the rejoin, as generation -1, which a broker accepts for a group with no members:
    after a memory-only broker restarted (every topic and group gone, the relay publishing
    into the topics anew) the offsets of the old topic were committed into the new group, and
    the consumer skipped what the new topic held below them (catch-up filled it from the
    feed, slowly). Refused, the commit fails as one overtaken by a rebalance does
    (``CommitFailedError``, a warning of ``offsets.Offsets``), what it covered stays
    uncommitted, and the new assignment starts from the group's committed offsets, or the
    earliest when it has none.
    """
    if getattr(GroupCoordinator, "_lianfang_guarded", False):
        return
    send = GroupCoordinator._do_commit_offsets

    async def guarded(self: GroupCoordinator, assignment: Any, offsets: Any) -> Any:
        if not assignment.active or self.generation < 0:
            raise CommitFailedError("the consumer is rejoining or was reassigned since")
        return await send(self, assignment, offsets)

    GroupCoordinator._do_commit_offsets = guarded
    GroupCoordinator._lianfang_guarded = True


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
