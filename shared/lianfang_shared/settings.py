"""Settings: one base for every service, read from the environment (pydantic-settings)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_JWT_SECRET = "lianfang-development-secret-change-me"

# The four services and the order in which the embedded runner starts them.
SERVICE_NAMES = ("registry", "review", "warning", "notify")


class PlatformSettings(BaseSettings):
    """Settings every service shares, prefixed ``LIANFANG_``."""

    model_config = SettingsConfigDict(env_prefix="LIANFANG_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = Field(
        "postgresql://postgres@127.0.0.1:5432/lianfang",
        description="PostgreSQL URL; each service keeps its tables in its own schema.",
    )
    db_pool_size: int = Field(5, description="Connections per service and pool.")
    kafka_bootstrap_servers: str = Field("127.0.0.1:9092", description="host:port[,host:port]")
    kafka_partitions: int = Field(3, description="Partitions of each events topic at creation.")
    kafka_replication_factor: int = Field(1, description="Replicas of each topic at creation.")
    kafka_fetch_max_wait_ms: int = Field(
        10,
        ge=1,
        le=30_000,
        description="Longest a consumer's fetch waits on the broker for new records. Apache "
        "Kafka answers as soon as a record arrives: set 500 (its clients' default) there. The "
        "embedded broker (Tansu) holds a fetch for up to this long even when records arrive, "
        "so the default is low; after 5 s without a record a consumer's fetches wait at least "
        "100 ms (the first record after a quiet spell waits up to that long).",
    )
    topic_prefix: str = Field("lianfang", description="First part of every topic name.")

    jwt_algorithm: Literal["HS256", "RS256"] = "HS256"
    jwt_secret: str = Field(DEV_JWT_SECRET, description="HS256 shared secret (development).")
    jwt_public_key: str = Field("", description="RS256 public key in PEM (production).")
    jwt_jwks_url: str = Field("", description="RS256 JWKS endpoint (production).")
    jwt_issuer: str = "lianfang"
    jwt_audience: str = "lianfang"

    otel_exporter: Literal["none", "console", "otlp"] = "none"
    otel_endpoint: str = Field("", description="OTLP/HTTP endpoint, e.g. http://collector:4318")
    log_level: str = "INFO"
    log_json: bool = True

    max_body_bytes: int = Field(1_048_576, description="Largest accepted request body.")
    max_json_depth: int = Field(
        32, ge=1, description="Deepest nesting of arrays and objects in an accepted JSON body."
    )
    relay_batch_size: int = Field(1000, ge=1)
    store_poll_interval: float = Field(
        1.0,
        gt=0,
        description="Seconds between polls of a service's event store by its relay and "
        "projections when no save was signalled (a save in any replica wakes them at once).",
    )
    read_your_writes_timeout: float = Field(
        10.0,
        gt=0,
        description="Longest a command's response waits for the service's read models to "
        "include its change; after it the command, which is saved, is answered anyway.",
    )
    consumer_max_attempts: int = Field(3, description="Tries before a message is dead-lettered.")
    consumer_batch_size: int = Field(
        200,
        ge=1,
        description="Most records a consumer takes from one fetch and applies in one "
        "transaction (fewer when a record needs one of its own).",
    )
    consumer_commit_interval_ms: int = Field(
        1_000,
        ge=0,
        description="How often a consumer commits the offsets of what it has applied while "
        "records keep coming (at once when they stop, before a rebalance and at a stop). After "
        "a crash at most this much is delivered again, and the inbox skips it; 0 commits after "
        "every fetched batch.",
    )
    consumer_session_timeout_ms: int = Field(
        6_000,
        description="How long the consumer group waits for a silent member before giving its "
        "partitions to the others (a killed replica's partitions wait this long).",
    )
    consumer_heartbeat_interval_ms: int = Field(
        2_000, description="Consumer heartbeats; below a third of the session timeout."
    )
    catchup_interval: float = Field(
        5.0,
        description="Seconds between catch-up passes (jittered by 0.5-1.5; a tenth of it "
        "until the consumer holds its share of the group's partitions).",
    )
    catchup_page_size: int = 500
    catchup_grace: float = Field(
        2.0,
        ge=0,
        description="Seconds an event is left to Kafka before catch-up applies it from the "
        "upstream's feed (if Kafka has not by then).",
    )
    # Where each service's internal event feed is served (catch-up from the source).
    feed_base_url: str = Field(
        "http://127.0.0.1:8000",
        description="Base URL under which /api/v1/<service> is reachable (gateway or ingress).",
    )
    service_token: str = Field("", description="Bearer token services use on each other's feeds.")
    audit_signing_key: str = Field(
        "",
        description="Ed25519 private key (PEM) signing audit checkpoints and exports; empty: a "
        "development key whose signatures prove nothing (key id `dev-...`).",
    )
    audit_previous_public_keys: str = Field(
        "", description="Public keys (PEM) of earlier signing keys, still trusted by the verifier."
    )
    audit_checkpoint_interval: float = Field(
        300.0, description="Seconds between signed checkpoints of each event chain (when it grew)."
    )
    audit_local_offset: str = Field(
        "+08:00",
        pattern=r"^[+-]\d{2}:\d{2}$",
        description="UTC offset of audit times given without one (`as of 2026-06-30` ends that "
        "day here).",
    )

    @model_validator(mode="after")
    def _refuse_default_secrets_in_production(self) -> PlatformSettings:
        if self.environment == "production":
            if self.jwt_algorithm == "HS256" and self.jwt_secret == DEV_JWT_SECRET:
                raise ValueError("LIANFANG_JWT_SECRET must be set in production")
            if self.jwt_algorithm == "RS256" and not (self.jwt_public_key or self.jwt_jwks_url):
                raise ValueError("RS256 needs LIANFANG_JWT_PUBLIC_KEY or LIANFANG_JWT_JWKS_URL")
        return self

    def feed_url(self, service: str) -> str:
        """URL of a service's internal event feed."""
        return f"{self.feed_base_url.rstrip('/')}/api/v1/{service}/internal/events"


class ServiceSettings(BaseSettings):
    """Settings of one service; subclasses set ``env_prefix`` to ``LIANFANG_<SERVICE>_``."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    name: str = Field("", description="Service name; set by each subclass.")
    db_schema: str = Field("", description="PostgreSQL schema; defaults to the service name.")
    http_host: str = "0.0.0.0"
    http_port: int = 8000
    consumer_group: str = Field(
        "", description="Kafka consumer group; defaults to <topic prefix>-<name>"
    )

    @model_validator(mode="after")
    def _defaults_from_name(self) -> ServiceSettings:
        self.db_schema = self.db_schema or self.name
        return self
