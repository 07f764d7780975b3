"""The lifecycles of a case and of a warning as explicit state machines.

Every command an aggregate accepts names the states it may start from and the state it leads
to; anything else is refused with ``InvalidTransition`` (409) naming the state and the command.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lianfang_shared.errors import Conflict
from lianfang_shared.i18n import Locale, pick
from lianfang_shared.i18n import texts as _t


class InvalidTransition(Conflict):
    """The command is not possible in the aggregate's current state."""


@dataclass(frozen=True)
class StateMachine:
    """States with their labels, and per command: from-state → to-state."""

    kind: dict[str, str]
    states: dict[str, dict[str, str]]
    commands: dict[str, tuple[dict[str, str], dict[str, str]]]  # command: (label, from→to)

    def next(self, command: str, state: str) -> str:
        """The state after ``command`` from ``state``; InvalidTransition if impossible."""
        label, moves = self.commands[command]
        if state not in moves:
            raise InvalidTransition(
                f"{self.kind['zh-Hans']}当前状态为“{self.states[state]['zh-Hans']}”，不能"
                f"{label['zh-Hans']}（{self.kind['en']} is {state}: cannot {label['en']}）"
            )
        return moves[state]

    def allowed(self, state: str) -> list[str]:
        """The commands possible from ``state``."""
        return [c for c, (_, moves) in self.commands.items() if state in moves]

    def label(self, state: str, locale: Locale) -> str:
        """The label of a state."""
        return pick(self.states[state], locale)

    def describe(self, locale: Locale) -> dict[str, Any]:
        """The machine for people: states and every transition, labelled."""
        return {
            "states": [{"state": s, "label": pick(t, locale)} for s, t in self.states.items()],
            "transitions": [
                {"command": c, "label": pick(lab, locale), "from": f, "to": to}
                for c, (lab, moves) in self.commands.items()
                for f, to in moves.items()
            ],
        }


def _same(*states: str) -> dict[str, str]:
    return {s: s for s in states}


def _to(target: str, *states: str) -> dict[str, str]:
    return dict.fromkeys(states, target)


LIVE_CASE = ("open", "watching", "to_warn")
CASE = StateMachine(
    kind=_t("案件", "案件", "case"),
    states={
        "open": _t("待研判", "待研判", "Awaiting assessment"),
        "watching": _t("持续关注", "持續關注", "Watching"),
        "to_warn": _t("待发预警", "待發預警", "Warning to issue"),
        "warned": _t("预警处置中", "預警處置中", "Under warning"),
        "closed": _t("已办结", "已辦結", "Closed"),
        "merged": _t("已并案", "已併案", "Merged"),
    },
    commands={
        "add_signal": (
            _t("并入预警信息", "併入預警信息", "add a signal"),
            _same(*LIVE_CASE, "warned"),
        ),
        "merge_away": (
            _t("并入其他案件", "併入其他案件", "merge it away"),
            _to("merged", *LIVE_CASE),
        ),
        "assign": (_t("指定承办人", "指定承辦人", "assign handlers"), _same(*LIVE_CASE, "warned")),
        "assess_no_action": (
            _t("研判为不予预警", "研判為不予預警", "assess"),
            _to("closed", *LIVE_CASE),
        ),
        "assess_watch": (
            _t("研判为持续关注", "研判為持續關注", "assess"),
            _to("watching", *LIVE_CASE),
        ),
        "assess_warn": (
            _t("研判为发出预警", "研判為發出預警", "assess"),
            _to("to_warn", *LIVE_CASE),
        ),
        "issue_warning": (
            _t("发出预警", "發出預警", "issue a warning"),
            _to("warned", "to_warn", "warned"),
        ),
        "close": (_t("办结", "辦結", "close"), _to("closed", "warned")),
    },
)

OPEN_RECTIFICATION = ("issued", "acknowledged", "returned")
WARNING = StateMachine(
    kind=_t("预警", "預警", "warning"),
    states={
        "issued": _t("已下发", "已下發", "Issued"),
        "acknowledged": _t("整改中", "整改中", "Rectifying"),
        "submitted": _t("待评估", "待評估", "Submitted for evaluation"),
        "returned": _t("已退回", "已退回", "Returned"),
        "accepted": _t("已通过", "已通過", "Accepted"),
        "withdrawn": _t("已撤回", "已撤回", "Withdrawn"),
        "closed": _t("已办结", "已辦結", "Closed"),
    },
    commands={
        "acknowledge": (_t("签收响应", "簽收響應", "acknowledge"), _to("acknowledged", "issued")),
        "record_action": (
            _t("记录整改措施", "記錄整改措施", "record an action"),
            _same("acknowledged", "returned"),
        ),
        "submit": (
            _t("报送处置记录", "報送處置記錄", "submit the record"),
            _to("submitted", "acknowledged", "returned"),
        ),
        "return": (_t("退回整改", "退回整改", "return it"), _to("returned", "submitted")),
        "accept": (_t("评估通过", "評估通過", "accept it"), _to("accepted", "submitted")),
        "apply_measure": (
            _t("采取处置措施", "採取處置措施", "apply a measure"),
            _same(*OPEN_RECTIFICATION, "submitted", "accepted"),
        ),
        "extend_respond": (_t("延长响应期限", "延長響應期限", "extend it"), _same("issued")),
        "extend_rectify": (
            _t("延长整改期限", "延長整改期限", "extend it"),
            _same(*OPEN_RECTIFICATION),
        ),
        "respond_overdue": (
            _t("记录逾期未响应", "記錄逾期未響應", "mark it overdue"),
            _same("issued"),
        ),
        "rectify_overdue": (
            _t("记录整改逾期", "記錄整改逾期", "mark it overdue"),
            _same(*OPEN_RECTIFICATION),
        ),
        "withdraw": (
            _t("撤回", "撤回", "withdraw it"),
            _to("withdrawn", *OPEN_RECTIFICATION, "submitted"),
        ),
        "close": (_t("办结", "辦結", "close"), _to("closed", "accepted")),
    },
)
