"""deploy/k8s: every rendered manifest is valid, consistent with the settings and the app."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import kubernetes_validate
import pytest
import yaml
from jsonschema import Draft202012Validator

from lianfang_shared import bus
from lianfang_shared.bus import dead_letter_topic, events_topic
from lianfang_shared.cli import load_spec
from lianfang_shared.settings import SERVICE_NAMES
from tests.deploy.kustomize import Doc, pod_spec, render
from tests.deploy.settings_env import app_paths, known_variables, load_settings

pytestmark = pytest.mark.unit

K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
VARIANTS = ["base", "overlays/dev", "overlays/prod"]
# The oldest Kubernetes the manifests are meant for, and the newest the validator knows.
VERSIONS = ["1.30.0", kubernetes_validate.utils.latest_version()]
SECRET_PLACEHOLDER = "placeholder-from-the-secret"

# Strimzi's KafkaTopic (kafka.strimzi.io/v1beta2), the fields these manifests use.
KAFKA_TOPIC_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "additionalProperties": False,
    "properties": {
        "apiVersion": {"const": "kafka.strimzi.io/v1beta2"},
        "kind": {"const": "KafkaTopic"},
        "metadata": {
            "type": "object",
            "required": ["name", "labels"],
            "properties": {
                "name": {"type": "string", "pattern": r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$"},
                "namespace": {"type": "string"},
                "labels": {
                    "type": "object",
                    "required": ["strimzi.io/cluster"],
                    "additionalProperties": {"type": "string"},
                },
            },
        },
        "spec": {
            "type": "object",
            "required": ["topicName", "partitions", "replicas", "config"],
            "additionalProperties": False,
            "properties": {
                "topicName": {"type": "string", "pattern": r"^[a-zA-Z0-9._-]{1,249}$"},
                "partitions": {"type": "integer", "minimum": 1},
                "replicas": {"type": "integer", "minimum": 1, "maximum": 32767},
                "config": {
                    "type": "object",
                    "required": ["cleanup.policy", "retention.ms"],
                    "properties": {
                        "cleanup.policy": {"enum": ["delete", "compact", "compact,delete"]},
                        "retention.ms": {"type": "integer", "minimum": -1},
                        "min.insync.replicas": {"type": "integer", "minimum": 1},
                    },
                },
            },
        },
    },
}


@pytest.fixture(scope="module", params=VARIANTS)
def variant(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def docs(variant: str) -> list[Doc]:
    return render(K8S / variant)


def one(docs: list[Doc], kind: str, name: str) -> Doc:
    found = [d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name}: {len(found)} found"
    return found[0]


def of_kind(docs: list[Doc], kind: str) -> list[Doc]:
    return [d for d in docs if d["kind"] == kind]


def workloads(docs: list[Doc]) -> list[Doc]:
    return [d for d in docs if pod_spec(d) is not None]


def container_env(docs: list[Doc], container: dict[str, Any]) -> dict[str, str]:
    """The environment a container starts with; Secret values become a placeholder."""
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        env.update(one(docs, "ConfigMap", source["configMapRef"]["name"])["data"])
    for var in container.get("env", []):
        if "value" in var:
            env[var["name"]] = var["value"]
        elif "secretKeyRef" in var.get("valueFrom", {}):
            env[var["name"]] = SECRET_PLACEHOLDER
    return env


def app_container(doc: Doc) -> dict[str, Any]:
    spec = pod_spec(doc)
    assert spec is not None
    (container,) = spec["containers"]
    return container  # type: ignore[no-any-return]


def service_of(doc: Doc) -> str | None:
    args = app_container(doc).get("args", [])
    return args[0] if args and args[0] in SERVICE_NAMES else None


# --- schemas -------------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_every_manifest_validates_against_the_kubernetes_schema(
    docs: list[Doc], version: str
) -> None:
    for doc in docs:
        if doc["kind"] == "KafkaTopic":
            continue
        kubernetes_validate.validate(doc, version, strict=True)


def test_the_kafka_topics_validate_against_the_strimzi_fields(docs: list[Doc]) -> None:
    topics = of_kind(docs, "KafkaTopic")
    assert topics
    for doc in topics:
        Draft202012Validator(KAFKA_TOPIC_SCHEMA).validate(doc)


def test_a_misspelt_field_is_caught() -> None:
    deployment = one(render(K8S / "base"), "Deployment", "lianfang-registry")
    app_container(deployment)["readinesProbe"] = {"httpGet": {"path": "/readyz", "port": 80}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, VERSIONS[0], strict=True)


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
def test_the_python_rendering_agrees_with_kubectl_kustomize(variant: str) -> None:
    out = subprocess.run(
        ["kubectl", "kustomize", str(K8S / variant)], capture_output=True, text=True, check=True
    ).stdout

    def key(d: Doc) -> tuple[str, str, str]:
        return (d["kind"], d["metadata"].get("namespace", ""), d["metadata"]["name"])

    theirs = sorted((d for d in yaml.safe_load_all(out) if d), key=key)
    assert sorted(render(K8S / variant), key=key) == theirs


# --- settings ------------------------------------------------------------------------------


def test_no_secret_values_are_committed(docs: list[Doc]) -> None:
    assert not of_kind(docs, "Secret")
    for doc in workloads(docs):
        for var in app_container(doc).get("env", []):
            ref = var.get("valueFrom", {}).get("secretKeyRef")
            if ref:
                assert ref["name"] == "lianfang-secrets"


def test_every_variable_set_is_a_known_setting(docs: list[Doc]) -> None:
    for doc in workloads(docs):
        for key in container_env(docs, app_container(doc)):
            assert key in known_variables(), f"{doc['metadata']['name']}: {key} is no setting"
    for config in of_kind(docs, "ConfigMap"):
        for key in config["data"]:
            assert key in known_variables(), f"ConfigMap {config['metadata']['name']}: {key}"


def test_each_process_accepts_its_configuration(docs: list[Doc]) -> None:
    """The settings validate (types, production refusing development secrets)."""
    for doc in workloads(docs):
        env = container_env(docs, app_container(doc))
        platform, _ = load_settings(env, service_of(doc))
        assert platform.database_url == SECRET_PLACEHOLDER


def secret_refs(container: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Variable -> its secretKeyRef, for the variables a container takes from a Secret."""
    return {
        var["name"]: var["valueFrom"]["secretKeyRef"]
        for var in container.get("env", [])
        if "secretKeyRef" in var.get("valueFrom", {})
    }


def test_every_secret_key_is_documented(docs: list[Doc]) -> None:
    """The keys of lianfang-secrets are listed in configmap.yaml and docs/operations.md."""
    comment = (K8S / "base" / "configmap.yaml").read_text(encoding="utf-8")
    guide = (K8S.parents[1] / "docs" / "operations.md").read_text(encoding="utf-8")
    for doc in workloads(docs):
        for variable, ref in secret_refs(app_container(doc)).items():
            assert re.search(rf"^#\s+{ref['key']}\s+{variable}\b", comment, re.M), ref["key"]
            assert f"| `{ref['key']}` | `{variable}` |" in guide, ref["key"]


def test_notify_sends_email_with_the_login_from_the_secret(docs: list[Doc]) -> None:
    container = app_container(one(docs, "Deployment", "lianfang-notify"))
    platform, settings = load_settings(container_env(docs, container), "notify")
    assert settings.smtp_host, "without an SMTP host notify sends no email"
    if platform.environment == "production":
        assert settings.smtp_security != "none", "the SMTP login would cross the network in clear"
    refs = secret_refs(container)
    for variable, key in [
        ("LIANFANG_NOTIFY_SMTP_USERNAME", "smtp-username"),
        ("LIANFANG_NOTIFY_SMTP_PASSWORD", "smtp-password"),
    ]:
        assert refs[variable] == {"name": "lianfang-secrets", "key": key, "optional": True}
    for doc in workloads(docs):
        sources = {s["configMapRef"]["name"] for s in app_container(doc).get("envFrom", [])}
        assert ("lianfang-notify-config" in sources) == (service_of(doc) == "notify")


def test_production_uses_asymmetric_tokens_and_a_service_token() -> None:
    docs = render(K8S / "overlays/prod")
    for doc in workloads(docs):
        env = container_env(docs, app_container(doc))
        platform, _ = load_settings(env, service_of(doc))
        assert platform.environment == "production"
        assert platform.jwt_algorithm == "RS256"
        if service_of(doc):
            assert env.get("LIANFANG_SERVICE_TOKEN") == SECRET_PLACEHOLDER


# --- services ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SERVICE_NAMES)
def test_each_service_has_its_deployment_and_service(docs: list[Doc], name: str) -> None:
    deployment = one(docs, "Deployment", f"lianfang-{name}")
    assert service_of(deployment) == name
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    selector = deployment["spec"]["selector"]["matchLabels"]
    assert selector.items() <= labels.items()
    service = one(docs, "Service", f"lianfang-{name}")
    assert service["spec"]["selector"].items() <= labels.items()
    container = app_container(deployment)
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    (service_port,) = service["spec"]["ports"]
    assert service_port["targetPort"] in ports
    _, settings = load_settings(container_env(docs, container), name)
    assert ports[service_port["targetPort"]] == settings.http_port


@pytest.mark.parametrize("name", SERVICE_NAMES)
def test_probes_hit_the_real_endpoints(docs: list[Doc], name: str) -> None:
    container = app_container(one(docs, "Deployment", f"lianfang-{name}"))
    ports = {p["name"] for p in container["ports"]}
    expected = {"livenessProbe": "/healthz", "readinessProbe": "/readyz"}
    for probe, path in expected.items():
        get = container[probe]["httpGet"]
        assert get["path"] == path
        assert get["port"] in ports
    if "startupProbe" in container:
        assert container["startupProbe"]["httpGet"]["path"] in app_paths(name)
    assert set(expected.values()) <= app_paths(name)


def test_pods_run_unprivileged_on_a_read_only_root(docs: list[Doc]) -> None:
    for doc in workloads(docs):
        spec = pod_spec(doc)
        assert spec is not None
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["automountServiceAccountToken"] is False
        container = app_container(doc)
        security = container["securityContext"]
        assert security["readOnlyRootFilesystem"] is True
        assert security["allowPrivilegeEscalation"] is False
        assert security["capabilities"]["drop"] == ["ALL"]
        mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
        volumes = {v["name"]: v for v in spec["volumes"]}
        assert "emptyDir" in volumes[mounts["/tmp"]]
        resources = container["resources"]
        assert {"cpu", "memory"} <= resources["requests"].keys()
        assert "memory" in resources["limits"]


@pytest.mark.parametrize("name", SERVICE_NAMES)
def test_each_service_scales_horizontally_within_a_disruption_budget(
    docs: list[Doc], name: str
) -> None:
    deployment = one(docs, "Deployment", f"lianfang-{name}")
    assert "replicas" not in deployment["spec"], "the autoscaler owns the replica count"
    hpa = one(docs, "HorizontalPodAutoscaler", f"lianfang-{name}")
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", f"lianfang-{name}")
    assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
    pdb = one(docs, "PodDisruptionBudget", f"lianfang-{name}")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()
    grace = deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    assert grace >= 40, "uvicorn drains 20 s, then the service finishes its batch"


def ingress_routes(docs: list[Doc]) -> list[tuple[str | None, str, str, str]]:
    """(host, path prefix, service, port name) of every Ingress rule."""
    routes = []
    for ingress in of_kind(docs, "Ingress"):
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                assert path["pathType"] == "Prefix"
                backend = path["backend"]["service"]
                routes.append(
                    (rule.get("host"), path["path"], backend["name"], backend["port"]["name"])
                )
    return routes


def routed(docs: list[Doc], host: str | None, path: str) -> str | None:
    """The Service a request reaches (longest matching prefix; a host rule before none)."""
    best: tuple[int, int, str] | None = None
    for rule_host, prefix, service, _ in ingress_routes(docs):
        if rule_host not in (None, host):
            continue
        if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
            rank = (int(rule_host is not None), len(prefix), service)
            best = max(best, rank) if best else rank
    return best[2] if best else None


@pytest.mark.parametrize("name", SERVICE_NAMES)
def test_the_ingress_routes_each_service_prefix_to_it(docs: list[Doc], name: str) -> None:
    public = [r for r in ingress_routes(docs) if r[1] == f"/api/v1/{name}"]
    assert public, f"no Ingress route for /api/v1/{name}"
    for _, _, service, port in public:
        assert service == f"lianfang-{name}"
        ports = {p["name"] for p in one(docs, "Service", service)["spec"]["ports"]}
        assert port in ports
    assert any(p.startswith(f"/api/v1/{name}/") for p in app_paths(name))


def test_every_consumer_reaches_its_upstreams_feeds(docs: list[Doc]) -> None:
    for doc in workloads(docs):
        name = service_of(doc)
        if name is None:
            continue
        platform, _ = load_settings(container_env(docs, app_container(doc)), name)
        for upstream in load_spec(name).upstreams:
            url = urlsplit(platform.feed_url(upstream))
            assert routed(docs, url.hostname, url.path) == f"lianfang-{upstream}", url.geturl()


def test_the_init_job_creates_schemas_and_topics(docs: list[Doc]) -> None:
    job = one(docs, "Job", "lianfang-init")
    assert app_container(job)["args"] == ["init"]
    assert job["spec"]["template"]["spec"]["restartPolicy"] in {"OnFailure", "Never"}


def test_all_lianfang_processes_run_the_same_image(docs: list[Doc]) -> None:
    images = {app_container(d)["image"] for d in workloads(docs)}
    assert len(images) == 1
    assert ":" in next(iter(images)), "pin a tag"


# --- topics --------------------------------------------------------------------------------


def group_of(platform: Any, settings: Any) -> str:
    """The service's consumer group, as the platform derives it."""
    derive = getattr(bus, "consumer_group", None)
    return str(derive(platform, settings) if derive else settings.consumer_group)


def test_the_topics_are_the_ones_the_services_use(docs: list[Doc]) -> None:
    job = one(docs, "Job", "lianfang-init")
    env = container_env(docs, app_container(job))
    platform, _ = load_settings(env, None)
    expected = set()
    for name in SERVICE_NAMES:
        _, settings = load_settings(env, name)
        expected |= {
            events_topic(platform, name),
            dead_letter_topic(platform, group_of(platform, settings)),
        }
    topics = {t["spec"]["topicName"]: t for t in of_kind(docs, "KafkaTopic")}
    assert set(topics) == expected
    for topic in topics.values():
        spec = topic["spec"]
        assert spec["partitions"] == platform.kafka_partitions
        assert spec["replicas"] == platform.kafka_replication_factor
        assert spec["config"].get("min.insync.replicas", 1) <= spec["replicas"]
        assert spec["config"]["cleanup.policy"] == "delete"


# --- network -------------------------------------------------------------------------------


def selects(policy: Doc, labels: dict[str, str]) -> bool:
    wanted = policy["spec"]["podSelector"].get("matchLabels", {})
    return bool(wanted.items() <= labels.items())


def egress_ports(docs: list[Doc], labels: dict[str, str]) -> set[int]:
    ports = set()
    for policy in of_kind(docs, "NetworkPolicy"):
        if selects(policy, labels):
            for rule in policy["spec"].get("egress", []):
                assert rule.get("to"), "an egress rule without peers allows any destination"
                assert rule.get("ports"), "an egress rule without ports allows every port"
                ports |= {p["port"] for p in rule["ports"]}
    return ports


def test_every_pod_is_denied_by_default(docs: list[Doc]) -> None:
    denies = [
        p
        for p in of_kind(docs, "NetworkPolicy")
        if set(p["spec"]["policyTypes"]) == {"Ingress", "Egress"}
        and not p["spec"].get("ingress")
        and not p["spec"].get("egress")
    ]
    for doc in workloads(docs):
        labels = doc["spec"]["template"]["metadata"]["labels"]
        assert any(selects(p, labels) for p in denies), doc["metadata"]["name"]


# Ports of what every Lianfang pod may reach: DNS, Kafka, PostgreSQL, the collector and the
# feeds (the services' HTTP port, the ingress controller's).
INFRASTRUCTURE_PORTS = {53, 80, 4318, 5432, 8000, 9092}
HTTPS = 443


def egress_problems(docs: list[Doc]) -> list[str]:
    """Each workload whose egress lacks a port it needs or has one it must not have.

    Every pod needs DNS, PostgreSQL, Kafka and the collector; a service also the feeds; notify
    also its SMTP port (from its settings as rendered) and HTTPS for the chat webhooks. Only
    notify may have anything beyond the infrastructure's ports, and only those two.
    """
    problems = []
    for doc in workloads(docs):
        labels = doc["spec"]["template"]["metadata"]["labels"]
        name = service_of(doc)
        platform, settings = load_settings(container_env(docs, app_container(doc)), name)
        allowed = egress_ports(docs, labels)
        needed = {53, 5432} | {
            int(h.rsplit(":", 1)[1]) for h in platform.kafka_bootstrap_servers.split(",")
        }
        if platform.otel_exporter == "otlp":
            needed.add(urlsplit(platform.otel_endpoint).port or 80)
        outside: set[int] = set()
        if name:
            needed.add(urlsplit(platform.feed_base_url).port or 80)
            needed.add(8000)
        if name == "notify":
            outside = {settings.smtp_port, HTTPS}
            needed |= outside
        label = doc["metadata"]["name"]
        if needed - allowed:
            problems.append(f"{label}: lacks {sorted(needed - allowed)}")
        if allowed - INFRASTRUCTURE_PORTS - outside:
            problems.append(
                f"{label}: may reach {sorted(allowed - INFRASTRUCTURE_PORTS - outside)}"
            )
    return problems


def test_services_may_reach_only_their_infrastructure_and_each_other(docs: list[Doc]) -> None:
    assert egress_problems(docs) == []


def test_the_egress_check_catches_a_missing_or_a_stray_port() -> None:
    docs = render(K8S / "base")
    without_mail = [d for d in docs if d["metadata"]["name"] != "lianfang-notify-egress"]
    assert egress_problems(without_mail) == ["lianfang-notify: lacks [25, 443]"]

    moved = copy.deepcopy(docs)
    one(moved, "ConfigMap", "lianfang-notify-config")["data"]["LIANFANG_NOTIFY_SMTP_PORT"] = "465"
    assert egress_problems(moved) == [
        "lianfang-notify: lacks [465]",
        "lianfang-notify: may reach [25]",
    ]

    https_for_all = copy.deepcopy(docs)
    feed = one(https_for_all, "NetworkPolicy", "lianfang-egress-feed")
    feed["spec"]["egress"][0]["ports"].append({"protocol": "TCP", "port": HTTPS})
    assert egress_problems(https_for_all) == [
        f"lianfang-{name}: may reach [443]" for name in SERVICE_NAMES if name != "notify"
    ]


def test_only_the_ingress_controller_and_the_services_reach_the_http_port(docs: list[Doc]) -> None:
    for doc in workloads(docs):
        if service_of(doc) is None:
            continue
        labels = doc["spec"]["template"]["metadata"]["labels"]
        rules = [
            r
            for p in of_kind(docs, "NetworkPolicy")
            if selects(p, labels)
            for r in p["spec"].get("ingress", [])
        ]
        assert rules
        for rule in rules:
            assert rule["from"], "an ingress rule without peers admits anyone"
            assert {p["port"] for p in rule["ports"]} == {8000}


# --- overlays ------------------------------------------------------------------------------


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_an_overlay_puts_everything_in_its_restricted_namespace(overlay: str) -> None:
    docs = render(K8S / "overlays" / overlay)
    (namespace,) = of_kind(docs, "Namespace")
    name = namespace["metadata"]["name"]
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    for doc in docs:
        if doc["kind"] != "Namespace":
            assert doc["metadata"]["namespace"] == name
