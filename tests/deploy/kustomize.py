"""Render a kustomization in Python: the subset of kustomize that deploy/k8s uses.

Supported fields: ``resources`` (files and kustomization folders), ``namespace``, ``images``
and ``patches`` (strategic merge, from a file, optionally with a ``target`` by kind and name
regex). Anything else is refused, so the manifests cannot drift into what this does not
render. Where ``kubectl`` is installed a test checks that this agrees with ``kubectl kustomize``.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import yaml

SUPPORTED = {"apiVersion", "kind", "resources", "namespace", "images", "patches"}
CLUSTER_SCOPED = {
    "Namespace",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "PersistentVolume",
    "StorageClass",
    "IngressClass",
    "PriorityClass",
}
# Lists merged item by item (by "name") in a strategic merge patch; other lists are replaced.
MERGE_BY_NAME = {"containers", "initContainers", "env", "volumes"}

Doc = dict[str, Any]


def load_documents(path: Path) -> list[Doc]:
    """Every non-empty YAML document of a file."""
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


def render(folder: Path) -> list[Doc]:
    """The resources a kustomization folder produces."""
    spec = yaml.safe_load((folder / "kustomization.yaml").read_text(encoding="utf-8"))
    unsupported = set(spec) - SUPPORTED
    if unsupported:
        raise ValueError(f"{folder}: kustomization fields not rendered here: {unsupported}")
    docs: list[Doc] = []
    for entry in spec.get("resources", []):
        path = folder / entry
        docs += render(path) if path.is_dir() else load_documents(path)
    for patch in spec.get("patches", []):
        docs = _apply_patch(folder, patch, docs)
    for image in spec.get("images", []):
        for doc in docs:
            _set_images(doc, image)
    if "namespace" in spec:
        for doc in docs:
            if doc["kind"] not in CLUSTER_SCOPED:
                doc["metadata"]["namespace"] = spec["namespace"]
    return docs


def _apply_patch(folder: Path, patch: dict[str, Any], docs: list[Doc]) -> list[Doc]:
    if set(patch) - {"path", "target"}:
        raise ValueError(f"{folder}: only file patches with an optional target: {patch}")
    body = yaml.safe_load((folder / patch["path"]).read_text(encoding="utf-8"))
    target = patch.get("target")
    hits = 0
    out = []
    for doc in docs:
        if _matches(doc, body, target):
            hits += 1
            merged = merge(doc, {k: v for k, v in body.items() if k != "metadata"})
            merged["metadata"] = merge(
                doc["metadata"],
                {k: v for k, v in body.get("metadata", {}).items() if k != "name"},
            )
            doc = merged
        out.append(doc)
    if not hits:
        raise ValueError(f"{folder}: patch {patch['path']} matches no resource")
    return out


def _matches(doc: Doc, body: Doc, target: dict[str, str] | None) -> bool:
    if target is None:
        return doc["kind"] == body["kind"] and doc["metadata"]["name"] == body["metadata"]["name"]
    if set(target) - {"kind", "name"}:
        raise ValueError(f"target selects only by kind and name here: {target}")
    if "kind" in target and doc["kind"] != target["kind"]:
        return False
    return "name" not in target or re.fullmatch(target["name"], doc["metadata"]["name"]) is not None


def merge(base: Any, patch: Any, key: str = "") -> Any:
    """Strategic merge: maps merge, ``null`` deletes, lists of MERGE_BY_NAME merge by name."""
    if isinstance(base, dict) and isinstance(patch, dict):
        out = copy.deepcopy(base)
        for k, v in patch.items():
            if v is None:
                out.pop(k, None)
            else:
                out[k] = merge(out[k], v, k) if k in out else copy.deepcopy(v)
        return out
    if isinstance(base, list) and isinstance(patch, list) and key in MERGE_BY_NAME:
        out = copy.deepcopy(base)
        index = {item["name"]: i for i, item in enumerate(out)}
        for item in patch:
            if item["name"] in index:
                out[index[item["name"]]] = merge(out[index[item["name"]]], item)
            else:
                out.append(copy.deepcopy(item))
        return out
    return copy.deepcopy(patch)


def pod_spec(doc: Doc) -> Doc | None:
    """The pod template's spec of a workload, else None."""
    if doc["kind"] in {"Deployment", "StatefulSet", "DaemonSet", "Job"}:
        return doc["spec"]["template"]["spec"]  # type: ignore[no-any-return]
    return None


def _set_images(doc: Doc, image: dict[str, str]) -> None:
    spec = pod_spec(doc)
    if spec is None:
        return
    for container in spec.get("containers", []) + spec.get("initContainers", []):
        name, _, tag = container["image"].partition(":")
        if name != image["name"]:
            continue
        name = image.get("newName", name)
        tag = image.get("newTag", tag)
        container["image"] = f"{name}:{tag}" if tag else name
