"""The review service's entry point."""

from __future__ import annotations

from lianfang_review.api.routes import router
from lianfang_review.config import ReviewSettings
from lianfang_shared import replica
from lianfang_shared.service import ServiceSpec

SPEC = ServiceSpec(
    name="review",
    settings_cls=ReviewSettings,
    router=router,
    upstreams=("registry",),
    handlers=replica.register,
    tables=replica.TABLES,
    description="Risk points, grades, control measures and approvals.",
)


def run() -> None:
    """``lianfang-review``: serve the review service alone."""
    from lianfang_shared.cli import main

    main(["serve", "review"])
