"""Email over SMTP (the standard library's smtplib, run in a worker thread)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate

from lianfang_notify.channels import Message, SendFailed
from lianfang_notify.config import NotifySettings


def compose(settings: NotifySettings, to: str, message: Message) -> EmailMessage:
    """The email: the title as subject, the body and the portal link as plain text."""
    email = EmailMessage()
    email["Subject"] = " ".join(message.title.split())  # one line, whatever the template
    email["From"] = settings.smtp_sender
    email["To"] = to
    email["Date"] = formatdate(localtime=False)
    # Stable per delivery: a resend after a crash mid-send is recognisably the same message.
    email["Message-ID"] = f"<delivery-{message.delivery_id}@lianfang.notify>"
    email.set_content("\n\n".join(p for p in (message.body, message.link) if p) or message.title)
    email["Content-Language"] = message.locale  # after set_content, which drops Content-*
    return email


def send(settings: NotifySettings, to: str, message: Message) -> str:
    """Hand the email to the SMTP server; raise SendFailed with the server's reason."""
    if not settings.smtp_host:
        raise SendFailed("email is not configured (LIANFANG_NOTIFY_SMTP_HOST)", permanent=True)
    email = compose(settings, to, message)
    smtp_cls = smtplib.SMTP_SSL if settings.smtp_security == "tls" else smtplib.SMTP
    try:
        with smtp_cls(settings.smtp_host, settings.smtp_port, timeout=settings.send_timeout) as s:
            if settings.smtp_security == "starttls":
                s.starttls(context=ssl.create_default_context())
            if settings.smtp_username:
                s.login(settings.smtp_username, settings.smtp_password)
            s.send_message(email)
    except smtplib.SMTPRecipientsRefused as e:
        reasons = "; ".join(
            f"{code} {text.decode(errors='replace')}" for code, text in e.recipients.values()
        )
        raise SendFailed(f"SMTP refused the recipient: {reasons}", permanent=True) from e
    except smtplib.SMTPResponseException as e:
        text = (
            e.smtp_error.decode(errors="replace")
            if isinstance(e.smtp_error, bytes)
            else e.smtp_error
        )
        raise SendFailed(f"SMTP {e.smtp_code}: {text}", permanent=500 <= e.smtp_code < 600) from e
    except (smtplib.SMTPException, OSError) as e:
        raise SendFailed(f"SMTP server unreachable: {type(e).__name__}: {e}") from e
    return f"accepted by {settings.smtp_host}:{settings.smtp_port}"
