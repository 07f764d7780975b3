"""A stored notice rendered for a reader: its template, in their language, in local time."""

from __future__ import annotations

import logging
from datetime import datetime, tzinfo
from typing import Any

from lianfang_notify.templates.render import Rendered, Template, render
from lianfang_shared.i18n import Locale

log = logging.getLogger(__name__)
# The context key holding the template of the notice a reminder or escalation is about.
ORIGINAL = "_notice_template"


def context_of(notice: dict[str, Any], portal_url: str) -> dict[str, Any]:
    """The names a notice's template sees (its stored context plus the standard ones)."""
    due: datetime | None = notice.get("due_at")
    context = {k: v for k, v in notice["context"].items() if k != ORIGINAL}
    return {
        **context,
        "event_type": notice["event_type"],
        "stage": notice["stage"],
        "due_at": due.isoformat() if due else None,
        "level": context.get("level", 0),
        "portal_url": portal_url,
    }


def of_notification(
    templates: dict[str, Template],
    notice: dict[str, Any],
    locale: Locale,
    zone: tzinfo,
    portal_url: str = "",
) -> Rendered:
    """The notice's title and body; raises KeyError / jinja2 errors when it cannot be."""
    context = context_of(notice, portal_url)
    original = notice["context"].get(ORIGINAL)
    if original:
        context["notice"] = render(templates[original], locale, context, zone).title
    return render(templates[notice["template"]], locale, context, zone)


def safely(
    templates: dict[str, Template], notice: dict[str, Any], locale: Locale, zone: tzinfo
) -> Rendered:
    """As ``of_notification``, but a notice that cannot be rendered shows its template's key."""
    try:
        return of_notification(templates, notice, locale, zone)
    except Exception as e:
        log.warning("notice %s cannot be rendered: %s", notice.get("id"), type(e).__name__)
        return Rendered(title=f"[{notice['template']}]", body="")
