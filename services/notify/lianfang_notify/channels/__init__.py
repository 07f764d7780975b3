"""Channels that push a message out: email (SMTP) and chat or JSON webhooks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """A rendered message for one contact point."""

    delivery_id: int
    title: str
    body: str
    locale: str
    event_type: str
    subject: str
    stage: str
    address: str
    link: str = ""

    @property
    def text(self) -> str:
        """Title, body and link as plain text (chat robots)."""
        return "\n".join(part for part in (self.title, self.body, self.link) if part)


@dataclass(frozen=True)
class Target:
    """Where a contact point sends to: an email address or a webhook URL (and its secret)."""

    channel: str
    target: str
    secret: str = ""


class SendFailed(Exception):
    """A channel refused or could not take the message; ``permanent`` when retrying is futile."""

    def __init__(self, reason: str, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent
