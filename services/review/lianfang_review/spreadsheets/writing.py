"""Write the review annexes as XLSX: annex 3 (风险与措施清单) and the registration forms."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from lianfang_review.domain.vocab import label, measure_type_label, rank_label
from lianfang_review.spreadsheets.layout import ANNEX3, ANNEX3_POINT_KEYS, FORM, FORM_FIELDS, TITLES
from lianfang_shared import workbooks
from lianfang_shared.i18n import Locale, pick
from lianfang_shared.spreadsheets import XLSX as XLSX


def point_cells(p: dict[str, Any], locale: Locale) -> dict[str, Any]:
    """The cells every annex shows of a risk point."""
    owner = " / ".join(x for x in (p.get("post_name"), p.get("person_name")) if x)
    power = " ".join(x for x in (p.get("power_code"), p.get("power_name")) if x)
    return {
        "department_name": p.get("department_name") or "",
        "owner": owner,
        "scope": label(p["scope"], locale),
        "category": label(p["category"], locale),
        "power": power,
        "step": p.get("step_name") or "",
        "description": p["description"],
        "grade": label(p["grade"], locale),
        "status": label(p["status"], locale),
    }


def measure_cells(m: dict[str, Any], locale: Locale) -> dict[str, Any]:
    """The cells of a measure in annex 3."""
    return {
        "measure": m["text"],
        "measure_type": measure_type_label(m["type"], locale),
        "stage": label(m["stage"], locale),
        "responsible": m.get("responsible_name") or "",
        "due_on": m["due_on"].isoformat() if m["due_on"] else "",
        "measure_status": label(m["status"], locale),
    }


def annex3(points: list[dict[str, Any]], locale: Locale) -> bytes:
    """风险与措施清单 (annex 3): one row per measure; a point's cells span its measures."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = pick(TITLES["annex3"], locale)[:31]
    workbooks.title(ws, pick(TITLES["annex3"], locale), len(ANNEX3))
    workbooks.headings(ws, ANNEX3, locale)
    for n, p in enumerate(points, start=1):
        cells = {"seq": n, **point_cells(p, locale)}
        first = ws.max_row + 1
        for m in p["measures"] or [None]:
            workbooks.row(ws, ANNEX3, {**cells, **(measure_cells(m, locale) if m else {})})
        if ws.max_row > first:
            for col, column in enumerate(ANNEX3, start=1):
                if column.key in ANNEX3_POINT_KEYS | {"seq"}:
                    ws.merge_cells(
                        start_row=first, start_column=col, end_row=ws.max_row, end_column=col
                    )
    ws.freeze_panes = "A3"
    return workbooks.to_bytes(wb)


def forms(annex: int, owners: list[dict[str, Any]], locale: Locale) -> bytes:
    """廉洁风险点防控登记表 (annex 4, 5 or 6): one sheet per person, one row per point."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    title = pick(TITLES[f"annex{annex}"], locale)
    used: set[str] = set()
    for owner in owners:
        name = f"{owner['name']}（{owner['staff_no']}）"[:31]
        ws = wb.create_sheet(name if name not in used else f"{len(used) + 1} {name}"[:31])
        used.add(ws.title)
        _form(ws, title, owner, locale)
    if not owners:
        ws = wb.create_sheet(title[:31])
        workbooks.title(ws, title, len(FORM))
    return workbooks.to_bytes(wb)


def _form(ws: Worksheet, title: str, owner: dict[str, Any], locale: Locale) -> None:
    workbooks.title(ws, title, len(FORM))
    f = {k: pick(v, locale) for k, v in FORM_FIELDS.items()}
    posts = owner["posts"]
    ws.append([f["name"], owner["name"], f["staff_no"], owner["staff_no"], f["rank"],
               rank_label(owner["rank"], locale)])  # fmt: skip
    ws.append([f["department"], "、".join(dict.fromkeys(p["department_name"] or "" for p in posts)),
               f["post"], "、".join(p["post_name"] or "" for p in posts)])  # fmt: skip
    workbooks.headings(ws, FORM, locale)
    for n, p in enumerate(owner["points"], start=1):
        measures = "\n".join(
            f"{i}. {m['text']}（{measure_type_label(m['type'], locale)}·"
            f"{label(m['stage'], locale)}）"
            for i, m in enumerate(p["measures"], start=1)
        )
        workbooks.row(ws, FORM, {"seq": n, **point_cells(p, locale), "measures": measures,
                                 **_decision(p, f, locale)})  # fmt: skip


def _decision(p: dict[str, Any], f: dict[str, str], locale: Locale) -> dict[str, Any]:
    """Who approved (the meeting with its date and attendees, for annex 4), what, when."""
    if p["status"] not in ("approved", "returned", "reopened") or p["decided_at"] is None:
        return {"approver": label(p["approver_role"], locale)}
    approver = label(p["approver_role"], locale)
    meeting = p.get("meeting")
    if meeting:
        names = "、".join(meeting["attendees"])
        approver = f"{f['meeting']} {meeting['held_on'].isoformat()}\n{f['attendees']}：{names}"
    return {
        "approver": approver,
        "comment": p["decision_comment"],
        "decided_on": p["decided_at"].date().isoformat(),
    }
