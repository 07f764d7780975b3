"""The message a claimed delivery carries: its notice rendered in the contact point's language,
or, for a digest, the day's notifications gathered under one title."""

from __future__ import annotations

from typing import Any

from lianfang_notify.channels import Message
from lianfang_notify.config import NotifySettings
from lianfang_notify.store import digests, notifications
from lianfang_notify.templates import book as templates
from lianfang_notify.templates.message import of_notification, safely
from lianfang_notify.templates.render import render
from lianfang_shared.i18n import negotiate
from lianfang_shared.persistence import Database


def compose(db: Database, settings: NotifySettings, job: dict[str, Any]) -> Message:
    """Render the delivery's message; raises if its template cannot be rendered."""
    locale = negotiate(job["locale"])
    zone, link = settings.zone, settings.portal_url
    with db.transaction() as conn:
        found = templates.load(conn)
        if job["notification_id"] is not None:
            notice = notifications.get(conn, job["notification_id"])
            assert notice is not None
            text = of_notification(found, notice, locale, zone, link)
            event_type, subject, stage = notice["event_type"], notice["subject"], notice["stage"]
        else:
            items = digests.digest_items(conn, job["id"])
            titles = [safely(found, n, locale, zone).title for n in items]
            context = {
                "day": job["digest_day"].isoformat(),
                "count": len(titles),
                "items": titles,
                "portal_url": link,
            }
            text = render(found["digest"], locale, context, zone)
            event_type, subject, stage = "lianfang.notify.digest", "", "digest"
    return Message(
        delivery_id=job["id"],
        title=text.title,
        body=text.body,
        locale=locale,
        event_type=event_type,
        subject=subject,
        stage=stage,
        address=job["address"],
        link=link,
    )
