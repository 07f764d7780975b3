"""The warning Application: one method per use case, grouped by stage in this package."""

from __future__ import annotations

from lianfang_warning.application.disposal import DisposalCases


class Warnings(DisposalCases):
    """Early warning (预警防控): signals, cases, warnings, rectification and disposal."""

    name = "warning"


__all__ = ["Warnings"]
