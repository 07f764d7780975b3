"""The registry Application: one method per use case, grouped by subject in this package."""

from __future__ import annotations

from lianfang_registry.application.imports import ImportCases


class Registry(ImportCases):
    """Organisation and power registry (权力清单)."""

    name = "registry"


__all__ = ["Registry"]
