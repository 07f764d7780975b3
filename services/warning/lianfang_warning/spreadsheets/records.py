"""Annex 7 records for people: one warning's row, actions, measures and evaluations, in words."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any

from lianfang_shared.i18n import Locale, pick
from lianfang_shared.persistence import Database
from lianfang_warning.domain.lifecycle import WARNING
from lianfang_warning.domain.vocab import label
from lianfang_warning.projections import warning_queries as wq

_BY = {"zh-Hans": "签发", "zh-Hant": "簽發", "en": "issued by"}
_RETURNED = {"zh-Hans": "第{n}次退回", "zh-Hant": "第{n}次退回", "en": "returned (round {n})"}
_ACCEPTED = {"zh-Hans": "评估通过", "zh-Hant": "評估通過", "en": "accepted"}
_EVIDENCE = {"zh-Hans": "佐证", "zh-Hant": "佐證", "en": "evidence"}
_OVERDUE = {
    "zh-Hans": "{what} {due} 已逾期（{found} 发现）",
    "zh-Hant": "{what} {due} 已逾期（{found} 發現）",
    "en": "{what} {due} passed (found {found})",
}
_DEPARTMENT = {"zh-Hans": "部门", "zh-Hant": "部門", "en": "the department"}


def _day(value: Any, zone: tzinfo) -> str:
    if isinstance(value, datetime):
        return value.astimezone(zone).date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value or "")


def records(
    db: Database,
    rows: list[dict[str, Any]],
    channels: dict[Any, list[str]],
    zone: tzinfo,
    locale: Locale,
    disclose_sources: bool,
) -> list[dict[str, str]]:
    """One annex 7 record per warning row; the sources only when ``disclose_sources``."""
    ids = [r["id"] for r in rows]
    actions, measures = wq.actions_of(db, ids), wq.measures_of(db, ids)
    points = wq.risk_point_labels(db, [p for r in rows for p in r["risk_point_ids"]])
    out = []
    for n, w in enumerate(rows, start=1):
        record = w["record"] or {}
        mine = [a for a in actions if a["warning_id"] == w["id"]]
        applied = [m for m in measures if m["warning_id"] == w["id"]]
        sources = channels.get(w["case_id"], []) if disclose_sources else []
        out.append(
            {
                "seq": str(n),
                "warning_no": w["warning_no"],
                "department": w["department_name"] or "",
                "persons": "、".join(w["person_names"]),
                "channels": "、".join(label(c, locale) for c in sources),
                "severity": label(w["severity"], locale),
                "risk_points": "\n".join(_point(p, points, locale) for p in w["risk_point_ids"]),
                "summary": w["summary"],
                "content": w["content"],
                "requirements": w["requirements"],
                "issued": f"{_day(w['issued_at'], zone)} {label(w['authority'], locale)}"
                f"{pick(_BY, locale)}",
                "issued_on": _day(w["issued_at"], zone),
                "deadlines": f"{w['respond_by']} / {w['rectify_by']}",
                "respond_by": str(w["respond_by"]),
                "rectify_by": str(w["rectify_by"]),
                "acknowledged": _day(w["acknowledged_at"], zone),
                "responsible": w["responsible_person_name"] or "",
                "cause": record.get("cause", ""),
                "actions": "\n".join(_action(i, a, locale) for i, a in enumerate(mine, 1)),
                "measures_taken": record.get("measures_taken", ""),
                "result": record.get("result", ""),
                "completed_on": record.get("completed_on", ""),
                "department_opinion": record.get("department_opinion", ""),
                "evaluation": "\n".join(_evaluation(e, zone, locale) for e in w["evaluations"]),
                "measures": "\n".join(_measure(m, locale) for m in applied),
                "overdue": "\n".join(_overdue(o, locale) for o in w["overdue"]),
                "state": WARNING.label(w["state"], locale),
            }
        )
    return out


def _point(p: Any, points: dict[Any, tuple[str, str | None]], locale: Locale) -> str:
    text, grade = points.get(p, (str(p), None))
    return f"{text}（{label('grade:' + grade, locale)}）" if grade else text


def _action(n: int, a: dict[str, Any], locale: Locale) -> str:
    files = "、".join(e.get("name", "") for e in a["evidence"])
    evidence = f"（{pick(_EVIDENCE, locale)}：{files}）" if files else ""
    return f"{n}. {a['done_on']} {a['description']}{evidence}"


def _evaluation(e: dict[str, Any], zone: tzinfo, locale: Locale) -> str:
    when = _day(datetime.fromisoformat(e["at"]), zone)
    if e["kind"] == "returned":
        head = pick(_RETURNED, locale).format(n=e["round"])
    else:
        head = pick(_ACCEPTED, locale)
    return f"{head}（{when}）：{e['text']}"


def _measure(m: dict[str, Any], locale: Locale) -> str:
    whom = m["person_name"] or pick(_DEPARTMENT, locale)
    by = f"，{m['conducted_by']}" if m["conducted_by"] else ""
    return f"{label(m['measure'], locale)}：{whom}，{m['applied_on']}{by}；{m['reason']}"


def _overdue(o: dict[str, Any], locale: Locale) -> str:
    return pick(_OVERDUE, locale).format(
        what=label(o["deadline"], locale), due=o["due"], found=o["detected_on"]
    )
