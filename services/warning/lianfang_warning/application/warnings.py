"""Use cases of warnings (风险预警): issue within the issuer's authority, extend, withdraw."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID, uuid4

from lianfang_shared.auth import Principal, Role
from lianfang_warning.application.assessment import AssessmentCases
from lianfang_warning.domain.authority import Issuer, check_authority
from lianfang_warning.domain.drafts import WarningDraft
from lianfang_warning.domain.vocab import Deadline, Severity
from lianfang_warning.domain.warning import RiskWarning, check_deadlines


class WarningCases(AssessmentCases):
    """Warnings to departments and named persons."""

    def issue_warning(self, case_id: UUID, draft: WarningDraft, issuer: Principal) -> UUID:
        """Issue a warning for an assessed case; the issuer's authority must cover whom it names."""
        case = self.get_case(case_id)
        case.check("issue_warning")
        assessed = case.assessment or {}
        points = draft.risk_point_ids
        points = list(assessed.get("risk_point_ids", [])) if points is None else points
        self.org.check_known([draft.department_id], draft.person_ids, points)
        authority = check_authority(
            self._issuer(issuer), draft.department_id, self.org.named(draft.person_ids)
        )
        today = self.today()
        respond_by = draft.respond_by or today + timedelta(days=self.settings.respond_days)
        rectify_by = draft.rectify_by or today + timedelta(days=self.settings.rectify_days)
        check_deadlines(today, respond_by, rectify_by)
        warning = RiskWarning(
            id=uuid4(),
            case_id=case.id,
            department_id=draft.department_id,
            person_ids=list(dict.fromkeys(draft.person_ids)),
            severity=Severity(draft.severity or assessed["severity"]),
            summary=draft.summary,
            content=draft.content,
            requirements=draft.requirements,
            risk_point_ids=points,
            respond_by=respond_by,
            rectify_by=rectify_by,
            authority=authority,
        )
        case.note_warning(warning.id, draft.department_id)
        self.store(warning, case)
        return warning.id

    def _issuer(self, user: Principal) -> Issuer:
        in_charge = self.org.in_charge_of(user.person_id) if user.has(Role.leader) else frozenset()
        return Issuer(
            office=user.has(Role.office),
            party_committee=user.has(Role.party_committee),
            in_charge_of=in_charge,
        )

    def extend_deadline(self, warning_id: UUID, deadline: Deadline, due: date, reason: str) -> None:
        """Move the response or rectification deadline later, with the reason."""
        warning = self.get_warning(warning_id)
        warning.extend(deadline, due, reason, self.today())
        self.store(warning)

    def withdraw_warning(self, warning_id: UUID, reason: str) -> None:
        """Withdraw a warning that is still open."""
        warning = self.get_warning(warning_id)
        warning.withdraw(reason)
        self.store(warning)
