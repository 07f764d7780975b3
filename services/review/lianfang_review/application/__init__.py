"""The review Application: one method per use case, grouped by subject in this package."""

from __future__ import annotations

from lianfang_review.application.assessments import AssessmentCases
from lianfang_review.application.inspections import InspectionCases
from lianfang_review.application.postings import PostingCases
from lianfang_review.application.publications import PublicationCases
from lianfang_review.application.reactions import ReactionCases


class Review(
    AssessmentCases,
    InspectionCases,
    PublicationCases,
    PostingCases,
    ReactionCases,
):
    """Risk points, grades, control measures and approvals (风险点、等级、措施、审核);
    commitments, briefings, publication, inspections and assessment (承诺、交底、公开、考核)."""

    name = "review"


__all__ = ["Review"]
