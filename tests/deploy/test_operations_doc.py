"""docs/operations.md: the configuration reference is the generated one, and complete."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from tests.deploy.settings_env import known_variables, settings_classes

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_config_reference", ROOT / "scripts" / "gen_config_reference.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_doc_holds_the_generated_reference() -> None:
    assert generator().reference() in DOC, (
        "docs/operations.md is stale: run .venv/bin/python scripts/gen_config_reference.py --write"
    )


def test_every_setting_is_documented_with_a_meaning() -> None:
    gen = generator()
    for cls in settings_classes().values():
        for variable, _, meaning in gen.rows(cls):
            assert meaning, f"{variable} has no description"
    for variable in known_variables():
        assert f"`{variable}`" in DOC


def test_fallback_meanings_are_only_for_undescribed_settings() -> None:
    gen = generator()
    classes = settings_classes().values()
    for name in gen.FALLBACK:
        owners = [cls for cls in classes if name in cls.model_fields]
        assert owners, f"FALLBACK[{name!r}] names no setting"
        assert any(gen.description(cls, name) is None for cls in owners), (
            f"{name} has a description now: drop FALLBACK[{name!r}]"
        )


@pytest.mark.parametrize(
    "section",
    [
        "## Configuration reference",
        "## Topics and retention",
        "## Backup and restore of the event store",
        "## Re-running the init job",
        "## Rolling upgrades with versioned events",
    ],
)
def test_the_guide_has_its_sections(section: str) -> None:
    assert section in DOC
