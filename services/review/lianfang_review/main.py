"""The review service's entry point."""

from __future__ import annotations

from lianfang_review import watch
from lianfang_review.api.routes import router
from lianfang_review.application import Review
from lianfang_review.config import ReviewSettings
from lianfang_review.messaging import subscribe
from lianfang_review.messaging.translate import translate
from lianfang_review.org.tables import TABLES as ORG_TABLES
from lianfang_review.projections import briefing_rows  # noqa: F401  (handlers register)
from lianfang_review.projections.duties import duties
from lianfang_review.projections.meetings import meetings
from lianfang_review.projections.oversight import oversight
from lianfang_review.projections.points import points
from lianfang_shared import replica
from lianfang_shared.service import ServiceSpec

SPEC = ServiceSpec(
    name="review",
    settings_cls=ReviewSettings,
    router=router,
    application_cls=Review,
    translate=translate,
    upstreams=("registry",),
    handlers=subscribe.register,
    tables=replica.TABLES + ORG_TABLES,
    projections=(points, meetings, duties, oversight),
    workers=(watch.watch(),),
    description="Risk points, grades, control measures and approvals; commitments, briefings, "
    "publication, inspections and the annual assessment.",
)


def run() -> None:
    """``lianfang-review``: serve the review service alone."""
    from lianfang_shared.cli import main

    main(["serve", "review"])
