"""docker-compose.yml: valid Compose, real settings, health checks, ordering, one gateway."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml

from lianfang_shared.cli import load_spec
from lianfang_shared.settings import SERVICE_NAMES
from tests.deploy.settings_env import app_paths, known_variables, load_settings

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
NGINX = (ROOT / "deploy" / "compose" / "nginx.conf").read_text(encoding="utf-8")
GATEWAY = "gateway"
MAIL = "mailpit"


def compose_schema() -> dict[str, Any]:
    """The Compose specification's JSON schema, as check-jsonschema ships it."""
    text = (files("check_jsonschema.builtin_schemas.vendor") / "compose-spec.json").read_text(
        encoding="utf-8"
    )
    return json.loads(text)  # type: ignore[no-any-return]


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def ours() -> dict[str, dict[str, Any]]:
    """The services that run the Lianfang image."""
    return {n: s for n, s in SERVICES.items() if s.get("image") == "lianfang:local"}


def http_port(name: str) -> int:
    _, settings = load_settings(environment(SERVICES[name]), name)
    return int(settings.http_port)


def test_the_file_validates_against_the_compose_specification() -> None:
    schema = compose_schema()
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(schema).iter_errors(COMPOSE)
    ]
    assert errors == []


def test_the_schema_catches_a_misspelt_key() -> None:
    broken = {**COMPOSE, "services": {**SERVICES, "init": {**SERVICES["init"], "restrat": "no"}}}
    schema = compose_schema()
    assert list(jsonschema.validators.validator_for(schema)(schema).iter_errors(broken))


def test_the_system_is_all_there() -> None:
    assert set(ours()) == {*SERVICE_NAMES, "init"}
    for name in SERVICE_NAMES:
        assert SERVICES[name]["command"] == [name]
    assert SERVICES["init"]["command"] == ["init"]
    for infra in ("postgres", "kafka", "otel-collector", "jaeger", MAIL, GATEWAY):
        assert infra in SERVICES, infra


def test_every_variable_set_is_a_known_setting() -> None:
    for name, service in SERVICES.items():
        for key in environment(service):
            if name in ours() or key.startswith("LIANFANG_"):
                assert key in known_variables(), f"{name}: {key} is no setting"


@pytest.mark.parametrize("name", [*SERVICE_NAMES, "init"])
def test_the_settings_load_from_the_environment_given(name: str) -> None:
    platform, _ = load_settings(environment(SERVICES[name]), name if name != "init" else None)
    assert platform.environment == "development"


def test_kafka_runs_in_kraft_mode_and_the_services_find_it() -> None:
    kafka = environment(SERVICES["kafka"])
    assert "controller" in kafka["KAFKA_PROCESS_ROLES"].split(",")
    assert not any("ZOOKEEPER" in k for k in kafka)
    advertised = {urlsplit(u).netloc for u in kafka["KAFKA_ADVERTISED_LISTENERS"].split(",")}
    for name in ours():
        platform, _ = load_settings(environment(SERVICES[name]), None)
        assert set(platform.kafka_bootstrap_servers.split(",")) <= advertised


def test_the_database_url_names_the_postgres_service_and_its_credentials() -> None:
    pg = environment(SERVICES["postgres"])
    for name in ours():
        platform, _ = load_settings(environment(SERVICES[name]), None)
        url = urlsplit(platform.database_url)
        assert (url.hostname, url.port) == ("postgres", 5432)
        assert (url.username, url.password) == (pg["POSTGRES_USER"], pg["POSTGRES_PASSWORD"])
        assert url.path == f"/{pg['POSTGRES_DB']}"


def test_traces_go_to_the_collector_and_on_to_jaeger() -> None:
    config = yaml.safe_load((ROOT / "deploy/compose/otel-collector.yaml").read_text("utf-8"))
    http = config["receivers"]["otlp"]["protocols"]["http"]["endpoint"]
    for name in SERVICE_NAMES:
        platform, _ = load_settings(environment(SERVICES[name]), name)
        assert platform.otel_exporter == "otlp"
        endpoint = urlsplit(platform.otel_endpoint)
        assert endpoint.hostname == "otel-collector"
        assert http.endswith(f":{endpoint.port}")
    exporters = config["service"]["pipelines"]["traces"]["exporters"]
    assert all(config["exporters"][e]["endpoint"].startswith("jaeger:") for e in exporters)


@pytest.mark.parametrize("name", SERVICE_NAMES)
def test_each_service_is_health_checked_on_its_readiness_endpoint(name: str) -> None:
    check = " ".join(SERVICES[name]["healthcheck"]["test"])
    match = re.search(r"http://127\.0\.0\.1:(\d+)(/\w+)", check)
    assert match, check
    assert int(match.group(1)) == http_port(name)
    assert match.group(2) == "/readyz"
    assert "/readyz" in app_paths(name)
    assert "/healthz" in app_paths(name)


def condition(service: str, on: str) -> str:
    return str(SERVICES[service]["depends_on"][on]["condition"])


def test_start_order() -> None:
    assert condition("init", "postgres") == "service_healthy"
    assert condition("init", "kafka") == "service_healthy"
    for name in SERVICE_NAMES:
        assert condition(name, "init") == "service_completed_successfully"
        assert condition(name, "postgres") == "service_healthy"
        assert condition(name, "kafka") == "service_healthy"
        assert condition(GATEWAY, name) == "service_healthy"
    assert condition("notify", MAIL) == "service_healthy"
    for name in ("postgres", "kafka", MAIL, GATEWAY, *SERVICE_NAMES):
        assert "healthcheck" in SERVICES[name], name


def test_only_the_gateway_publishes_a_port() -> None:
    """Jaeger's and Mailpit's UIs, too, are reached through it (/jaeger/, /mail/)."""
    published = {n: s["ports"] for n, s in SERVICES.items() if s.get("ports")}
    assert list(published) == [GATEWAY]
    assert len(published[GATEWAY]) == 1


def gateway_routes() -> dict[str, str]:
    """Path prefix -> upstream host:port, from the gateway's configuration."""
    blocks = re.findall(r"location\s+(/\S*)\s*\{([^}]*)\}", NGINX)
    routes = {}
    for path, body in blocks:
        upstream = re.search(r"set \$upstream (\S+);", body)
        if upstream and "proxy_pass http://$upstream;" in body:
            routes[path] = upstream.group(1)
    return routes


@pytest.mark.parametrize("name", SERVICE_NAMES)
def test_the_gateway_routes_each_service_prefix_to_it(name: str) -> None:
    assert gateway_routes()[f"/api/v1/{name}/"] == f"{name}:{http_port(name)}"
    assert any(p.startswith(f"/api/v1/{name}/") for p in app_paths(name))


def test_the_feeds_are_read_through_the_gateway() -> None:
    listen = re.search(r"listen\s+(\d+);", NGINX)
    assert listen
    mount = "./deploy/compose/nginx.conf:/etc/nginx/conf.d/default.conf:ro"
    assert mount in SERVICES[GATEWAY]["volumes"]
    assert SERVICES[GATEWAY]["ports"][0].endswith(f":{listen.group(1)}")
    for name in SERVICE_NAMES:
        platform, _ = load_settings(environment(SERVICES[name]), name)
        base = urlsplit(platform.feed_base_url)
        assert (base.hostname, base.port) == (GATEWAY, int(listen.group(1)))
        for upstream in load_spec(name).upstreams:
            feed = urlsplit(platform.feed_url(upstream)).path
            prefix = f"/api/v1/{upstream}/"
            assert feed.startswith(prefix)
            assert gateway_routes()[prefix] == f"{upstream}:{http_port(upstream)}"


def test_notify_mails_the_catcher_whose_inbox_the_gateway_shows() -> None:
    """Email goes to Mailpit's SMTP port; its UI is at /mail/ on the one published port."""
    mailpit = environment(SERVICES[MAIL])
    assert re.fullmatch(r"axllent/mailpit:v\d+\.\d+\.\d+", SERVICES[MAIL]["image"]), "pin a tag"
    _, settings = load_settings(environment(SERVICES["notify"]), "notify")
    smtp_port = int(mailpit["MP_SMTP_BIND_ADDR"].rsplit(":", 1)[1])
    assert (settings.smtp_host, settings.smtp_port) == (MAIL, smtp_port)
    assert settings.smtp_security == "none"
    assert not settings.smtp_username, "Mailpit takes no login unless told to"
    ui_port = int(mailpit["MP_UI_BIND_ADDR"].rsplit(":", 1)[1])
    assert {str(smtp_port), str(ui_port)} <= set(SERVICES[MAIL]["expose"])
    webroot = mailpit["MP_WEBROOT"]
    assert gateway_routes()[webroot] == f"{MAIL}:{ui_port}"
    assert "/mailpit" in SERVICES[MAIL]["healthcheck"]["test"]


def test_the_lianfang_containers_are_locked_down() -> None:
    for name, service in ours().items():
        assert service["read_only"] is True, name
        assert "/tmp" in service["tmpfs"], name
        assert service["cap_drop"] == ["ALL"], name
