"""What the deployment files may set: the environment variables the settings classes read."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from pydantic_settings import BaseSettings

from lianfang_shared.cli import build_app, load_spec
from lianfang_shared.settings import SERVICE_NAMES, PlatformSettings, ServiceSettings


def settings_classes() -> dict[str, type[BaseSettings]]:
    """``platform`` and each service name to its settings class."""
    classes: dict[str, type[BaseSettings]] = {"platform": PlatformSettings}
    for name in SERVICE_NAMES:
        classes[name] = load_spec(name).settings_cls
    return classes


def variables(cls: type[BaseSettings]) -> set[str]:
    """The environment variables a settings class reads (its prefix plus each field)."""
    prefix = str(cls.model_config.get("env_prefix", "")).upper()
    return {f"{prefix}{field.upper()}" for field in cls.model_fields}


@functools.cache
def known_variables() -> frozenset[str]:
    """Every variable some settings class reads."""
    return frozenset().union(*(variables(cls) for cls in settings_classes().values()))


@contextmanager
def environment(env: Mapping[str, str]) -> Iterator[None]:
    """Run with exactly these LIANFANG_ variables set (others removed), then restore."""
    saved = {k: v for k, v in os.environ.items() if k.startswith("LIANFANG_")}
    for key in saved:
        del os.environ[key]
    os.environ.update(env)
    try:
        yield
    finally:
        for key in env:
            os.environ.pop(key, None)
        os.environ.update(saved)


def load_settings(env: Mapping[str, str], service: str | None) -> tuple[Any, Any]:
    """PlatformSettings and the service's settings as a process with ``env`` reads them."""
    with environment(env):
        platform = PlatformSettings(_env_file=None)  # type: ignore[call-arg]
        svc: ServiceSettings | None = None
        if service is not None:
            svc = load_spec(service).settings_cls(_env_file=None)
    return platform, svc


@functools.cache
def app_paths(service: str) -> frozenset[str]:
    """Paths of the routes the service's app serves (building it connects to nothing)."""
    app = build_app(PlatformSettings(_env_file=None), [service])  # type: ignore[call-arg]
    top = {str(getattr(r, "path", "")) for r in app.routes}  # health, docs (not in the schema)
    return frozenset(top | set(app.openapi()["paths"]))
