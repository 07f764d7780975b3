"""Print the configuration reference (Markdown) generated from the settings classes.

    .venv/bin/python scripts/gen_config_reference.py           # print it
    .venv/bin/python scripts/gen_config_reference.py --write   # update docs/operations.md

docs/operations.md holds the output between the BEGIN/END markers; a test fails when the two
differ, so run this with --write after adding or changing a setting.
"""

from __future__ import annotations

import importlib
import sys
import typing
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OPERATIONS = ROOT / "docs" / "operations.md"
for folder in ("shared", *sorted(str(p) for p in (ROOT / "services").glob("*"))):
    path = str(ROOT / folder)
    if path not in sys.path:
        sys.path.insert(0, path)

from pydantic.fields import FieldInfo  # noqa: E402
from pydantic_settings import BaseSettings  # noqa: E402

from lianfang_shared.settings import SERVICE_NAMES, PlatformSettings  # noqa: E402

BEGIN = "<!-- BEGIN generated configuration reference: scripts/gen_config_reference.py -->"
END = "<!-- END generated configuration reference -->"

# Meanings of the settings whose Field has no description (a description wins; a test
# fails when an entry here is no longer needed or names no setting).
FALLBACK = {
    "environment": "Deployment environment; `production` refuses development secrets.",
    "jwt_algorithm": "Signature algorithm of access tokens.",
    "jwt_issuer": "Required `iss` claim of access tokens.",
    "jwt_audience": "Required `aud` claim of access tokens.",
    "otel_exporter": "Where traces go: nowhere, to stdout, or to an OTLP collector.",
    "log_level": "Python log level of the root logger.",
    "log_json": "Log JSON lines (with trace ids) instead of plain text.",
    "relay_batch_size": "Events the relay publishes per batch.",
    "catchup_page_size": "Events read per request from an upstream's feed.",
    "http_host": "Address the service's HTTP server binds to.",
    "http_port": "Port of the service's HTTP server.",
}


def env_prefix(cls: type[BaseSettings]) -> str:
    """The environment-variable prefix of a settings class."""
    return str(cls.model_config.get("env_prefix", "")).upper()


def service_settings() -> list[tuple[str, type[BaseSettings]]]:
    """Each service's settings class, in the order the services start."""
    return [
        (name, importlib.import_module(f"lianfang_{name}.main").SPEC.settings_cls)
        for name in SERVICE_NAMES
    ]


def description(cls: type[BaseSettings], name: str) -> str | None:
    """The field's description, from the class or the nearest base that describes it."""
    for klass in cls.__mro__:
        fields: dict[str, FieldInfo] = getattr(klass, "model_fields", {})
        if name in fields and fields[name].description:
            return fields[name].description
    return None


def meaning(cls: type[BaseSettings], name: str, field: FieldInfo) -> str:
    """What a setting means, with its allowed values when they are a fixed set."""
    text = description(cls, name) or FALLBACK.get(name, "")
    if typing.get_origin(field.annotation) is typing.Literal:
        choices = ", ".join(f"`{c}`" for c in typing.get_args(field.annotation))
        text = f"{text} One of {choices}.".strip()
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def default(value: Any) -> str:
    """A default as it would be written in the environment."""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`" if value != "" else '`""`'


def rows(cls: type[BaseSettings]) -> list[tuple[str, str, str]]:
    """(variable, default, meaning) for every field of a settings class."""
    prefix = env_prefix(cls)
    return [
        (f"`{prefix}{name.upper()}`", default(field.default), meaning(cls, name, field))
        for name, field in cls.model_fields.items()
    ]


def table(cls: type[BaseSettings]) -> str:
    """A Markdown table of a settings class."""
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    lines += [f"| {v} | {d} | {m} |" for v, d, m in rows(cls)]
    return "\n".join(lines)


def reference() -> str:
    """The whole generated section, markers included."""
    parts = [
        BEGIN,
        "",
        "### Every process (`PlatformSettings`, prefix `LIANFANG_`)",
        "",
        table(PlatformSettings),
    ]
    for name, cls in service_settings():
        parts += [
            "",
            f"### {name} (`{cls.__name__}`, prefix `{env_prefix(cls)}`)",
            "",
            table(cls),
        ]
    parts += ["", END]
    return "\n".join(parts)


def write(path: Path = OPERATIONS) -> None:
    """Replace the generated section of ``path`` (between the markers) by a fresh one."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    path.write_text(text[:start] + reference() + text[end:], encoding="utf-8")


def main() -> None:
    """Print the reference, or write it into docs/operations.md with --write."""
    if "--write" in sys.argv[1:]:
        write()
    else:
        print(reference())


if __name__ == "__main__":
    main()
