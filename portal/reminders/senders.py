"""How reminders leave the portal: one interface, two senders.

- GOV.UK Notify (the official `notifications-python-client`): text messages, and email
  unless the council has its own mail server. Notify's templates hold placeholders only:
  the SMS template is `((message))`; the email template has subject `((subject))` and
  body `((message))` (docs/reminders.md), because the portal writes each message in the
  family's language.
- SMTP (Python's `smtplib`): email through the council's mail server.

A sender raises `SendFailed` with the kind of failure only (never the message or the
address), which the delivery row records and the job tries again later.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from typing import Protocol

from portal.models.outgoing import Channel

NOTIFY_DEFAULT_BASE_URL = "https://api.notifications.service.gov.uk"
SEND_TIMEOUT_SECONDS = 20


@dataclass(frozen=True)
class Message:
    channel: str
    to: str
    subject: str  # email only
    body: str
    language: str
    stop_url: str  # the one-click "stop these reminders" address (email headers), or ""


class SendFailed(Exception):
    """A message could not be sent; `kind` says why in a few words, nothing personal."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind[:120]


class Sender(Protocol):
    channels: tuple[str, ...]

    def send(self, message: Message) -> None: ...


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    tls: str  # "none", "starttls" or "ssl"
    username: str
    password: str
    sender: str


class SmtpSender:
    channels: tuple[str, ...] = (Channel.EMAIL,)

    def __init__(self, settings: MailSettings):
        self.settings = settings

    def send(self, message: Message) -> None:
        mail = EmailMessage()
        mail["From"] = formataddr(("", self.settings.sender)) or self.settings.sender
        mail["To"] = message.to
        mail["Subject"] = message.subject
        mail["Message-ID"] = make_msgid(domain=self.settings.sender.rpartition("@")[2] or None)
        # One-click unsubscribe (RFC 8058): mail apps show their own "Unsubscribe".
        if message.stop_url:  # (the staff summary is stopped from the signed-in page)
            mail["List-Unsubscribe"] = f"<{message.stop_url}>"
            mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        mail["Auto-Submitted"] = "auto-generated"
        mail.set_content(message.body)
        mail["Content-Language"] = message.language  # after set_content, which clears it
        settings = self.settings
        try:
            if settings.tls == "ssl":
                context = ssl.create_default_context()
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    settings.host, settings.port, timeout=SEND_TIMEOUT_SECONDS, context=context
                )
            else:
                smtp = smtplib.SMTP(settings.host, settings.port, timeout=SEND_TIMEOUT_SECONDS)
            with smtp:
                if settings.tls == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
                if settings.username:
                    smtp.login(settings.username, settings.password)
                smtp.send_message(mail)
        except (smtplib.SMTPException, OSError) as error:
            raise SendFailed(f"smtp: {type(error).__name__}") from None


@dataclass(frozen=True)
class NotifySettings:
    api_key: str
    base_url: str
    sms_template: str
    email_template: str


class NotifySender:
    def __init__(self, settings: NotifySettings):
        from notifications_python_client.notifications import NotificationsAPIClient

        self.settings = settings
        self.client = NotificationsAPIClient(settings.api_key, base_url=settings.base_url)
        self.channels: tuple[str, ...] = tuple(
            channel
            for channel, template in (
                (Channel.SMS, settings.sms_template),
                (Channel.EMAIL, settings.email_template),
            )
            if template
        )

    def send(self, message: Message) -> None:
        from notifications_python_client.errors import APIError

        try:
            if message.channel == Channel.SMS:
                self.client.send_sms_notification(
                    phone_number=message.to,
                    template_id=self.settings.sms_template,
                    personalisation={"message": message.body},
                )
            else:
                self.client.send_email_notification(
                    email_address=message.to,
                    template_id=self.settings.email_template,
                    personalisation={"subject": message.subject, "message": message.body},
                )
        except APIError as error:
            raise SendFailed(f"notify: {getattr(error, 'status_code', '')}".strip()) from None
        except OSError as error:
            raise SendFailed(f"notify: {type(error).__name__}") from None

    def stop_requests(self) -> list[tuple[str, str]]:
        """Replies saying STOP, as (phone number, received at ISO 8601), newest first."""
        from notifications_python_client.errors import APIError

        try:
            texts = list(self.client.get_received_texts_iterator())
        except (APIError, OSError) as error:
            raise SendFailed(f"notify: {type(error).__name__}") from None
        return [
            (text["user_number"], text["created_at"])
            for text in texts
            if text.get("content", "").strip().strip(".!").upper() == "STOP"
        ]


def senders_from_config(config) -> dict[str, Sender]:
    """The sender for each channel the settings switch on: text messages through Notify;
    email through the council's mail server if set, else through Notify."""
    senders: dict[str, Sender] = {}
    if config.get("PORTAL_NOTIFY_API_KEY"):
        notify = NotifySender(
            NotifySettings(
                api_key=config["PORTAL_NOTIFY_API_KEY"],
                base_url=config["PORTAL_NOTIFY_BASE_URL"],
                sms_template=config["PORTAL_NOTIFY_SMS_TEMPLATE"],
                email_template=config["PORTAL_NOTIFY_EMAIL_TEMPLATE"],
            )
        )
        for channel in notify.channels:
            senders[channel] = notify
    if config.get("PORTAL_MAIL_HOST"):
        senders[Channel.EMAIL] = SmtpSender(
            MailSettings(
                host=config["PORTAL_MAIL_HOST"],
                port=config["PORTAL_MAIL_PORT"],
                tls=config["PORTAL_MAIL_TLS"],
                username=config["PORTAL_MAIL_USERNAME"],
                password=config["PORTAL_MAIL_PASSWORD"],
                sender=config["PORTAL_MAIL_FROM"],
            )
        )
    return senders
