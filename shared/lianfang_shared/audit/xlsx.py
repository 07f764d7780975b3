"""The XLSX export for people: the events with time, actor and content, and the checkpoints."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timezone
from io import BytesIO
from typing import Any
from uuid import UUID

from openpyxl import Workbook
from openpyxl.styles import Font

from lianfang_shared.audit import labels as L
from lianfang_shared.audit.export import Item, items, scope
from lianfang_shared.audit.history import History
from lianfang_shared.auth import Principal
from lianfang_shared.i18n import Locale, pick

_MAX_CELL = 32_000


def _local(moment: datetime, zone: timezone) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def _sheet(wb: Workbook, title: str, columns: list[tuple[L.T, int]], locale: Locale) -> Any:
    ws = wb.create_sheet(title)
    ws.append([pick(c, locale) for c, _ in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for n, (_, width) in enumerate(columns, start=1):
        ws.column_dimensions[ws.cell(1, n).column_letter].width = width
    ws.freeze_panes = "A2"
    return ws


def _row(n: int, item: Item, locale: Locale, zone: timezone) -> list[Any]:
    e = item.entry
    assert e is not None
    content = json.dumps(e.data, ensure_ascii=False)[:_MAX_CELL]
    chain = item.link.hash.hex() if item.link else ""
    label = L.event_label(e.type, locale)
    return [n, e.position, _local(e.at, zone), e.aggregate_id, e.version, label, e.actor,
            content, "、".join(e.redacted), chain]  # fmt: skip


def export_xlsx(
    history: History,
    subject: UUID | None,
    viewer: Principal | None,
    locale: Locale,
    zone: timezone,
    about: dict[str, str],
) -> bytes:
    """The workbook: about, events (of the subject, or all), checkpoints."""
    wb = Workbook()
    info = wb.active
    assert info is not None
    info.title = pick(L.ABOUT, locale)
    subject_text = str(subject) if subject else pick(L.WHOLE_LOG, locale)
    for label, value in (
        (L.SERVICE, history.log.service),
        (L.SUBJECT, subject_text),
        (L.EXPORTED_AT, _local(datetime.now(UTC), zone)),
        (L.EXPORTED_BY, about.get("exported_by", "")),
        (L.KEY, about.get("key_id", "")),
    ):
        info.append([pick(label, locale), value])
    info.append([pick(L.HOW_TO_VERIFY, locale)])
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 60
    events = _sheet(wb, pick(L.TITLE, locale), L.EVENT_COLUMNS, locale)
    with history.db.transaction() as conn:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        s = scope(conn, history, subject, viewer)
        n = 0
        for item in items(conn, history, s, viewer):
            if item.entry is not None:
                n += 1
                events.append(_row(n, item, locale, zone))
    marks = _sheet(wb, pick(L.CHECKPOINTS, locale), L.CHECKPOINT_COLUMNS, locale)
    for cp in s.checkpoints:
        marks.append([cp.position, cp.count, cp.head.hex(), _local(cp.made_at, zone), cp.key_id,
                      cp.signature.hex()])  # fmt: skip
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
