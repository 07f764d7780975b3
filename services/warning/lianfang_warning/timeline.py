"""A case's full timeline, read from the event log itself (never the reporter's identity)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from lianfang_shared.i18n import Locale, pick
from lianfang_shared.i18n import texts as _t
from lianfang_shared.persistence import META_KEY, event_metadata
from lianfang_warning.projections.cases import plain

# Fields a timeline never shows: the sealed identity and bookkeeping.
_HIDDEN = {
    "originator_id",
    "originator_version",
    "originator_topic",
    "timestamp",
    "reporter_sealed",
    "ref",
    META_KEY,
}


EVENTS: dict[str, dict[str, str]] = {
    "Signal.Received": _t("收到预警信息", "收到預警信息", "Signal received"),
    "Signal.MovedToCase": _t("预警信息并案", "預警信息併案", "Signal linked into another case"),
    "Signal.ReporterIdentityRead": _t(
        "查阅举报人身份", "查閱舉報人身份", "Reporter's identity read"
    ),
    "Case.Opened": _t("受理", "受理", "Case opened"),
    "Case.SignalAdded": _t("并入预警信息", "併入預警信息", "Signal added"),
    "Case.MergedInto": _t("并入其他案件", "併入其他案件", "Merged into another case"),
    "Case.Assigned": _t("指定承办人", "指定承辦人", "Handlers assigned"),
    "Case.Assessed": _t("分析研判评估", "分析研判評估", "Assessed"),
    "Case.WarningIssued": _t("发出预警", "發出預警", "Warning issued"),
    "Case.Closed": _t("办结", "辦結", "Case closed"),
    "RiskWarning.Issued": _t("下发风险预警", "下發風險預警", "Warning issued to the department"),
    "RiskWarning.Acknowledged": _t("签收并明确责任人", "簽收並明確責任人", "Acknowledged"),
    "RiskWarning.ActionRecorded": _t("记录整改措施", "記錄整改措施", "Rectification action"),
    "RiskWarning.RecordSubmitted": _t("报送处置记录", "報送處置記錄", "Disposal record submitted"),
    "RiskWarning.Returned": _t("退回整改", "退回整改", "Returned"),
    "RiskWarning.Accepted": _t("评估通过", "評估通過", "Accepted"),
    "RiskWarning.MeasureApplied": _t("采取处置措施", "採取處置措施", "Disposal measure applied"),
    "RiskWarning.DeadlineExtended": _t("延长期限", "延長期限", "Deadline extended"),
    "RiskWarning.Overdue": _t("逾期", "逾期", "Overdue"),
    "RiskWarning.Withdrawn": _t("撤回预警", "撤回預警", "Withdrawn"),
    "RiskWarning.Closed": _t("预警办结", "預警辦結", "Warning closed"),
}
_SUBJECTS = {"Signal": "signal", "Case": "case", "RiskWarning": "warning"}


def entries(app: Any, aggregate_ids: Iterable[UUID], locale: Locale) -> list[dict[str, Any]]:
    """Every event of the aggregates, in time order, labelled for people."""
    found = []
    for aggregate_id in dict.fromkeys(aggregate_ids):
        for e in app.events.get(aggregate_id):
            name = type(e).__qualname__
            found.append(
                {
                    "at": e.timestamp,
                    "actor": event_metadata(e).get("actor", "system"),
                    "subject": _SUBJECTS.get(name.split(".")[0], name),
                    "subject_id": e.originator_id,
                    "event": name.split(".")[-1],
                    "label": pick(EVENTS[name], locale) if name in EVENTS else name,
                    "details": plain({k: v for k, v in vars(e).items() if k not in _HIDDEN}),
                }
            )
    return sorted(found, key=lambda x: x["at"])
