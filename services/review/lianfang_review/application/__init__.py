"""The review Application: one method per use case, grouped by subject in this package."""

from __future__ import annotations

from lianfang_review.application.reactions import ReactionCases


class Review(ReactionCases):
    """Risk points, grades, control measures and approvals (风险点、等级、措施、审核)."""

    name = "review"


__all__ = ["Review"]
