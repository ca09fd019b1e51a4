"""Tables of what the portal sends out: meeting reminders and the consent behind them,
professionals' weekly summaries, and change notices to case systems (webhooks).

Never the text of a message or notice: only what was due, to whom, and what happened.
"""

import datetime as dt
from enum import StrEnum
from typing import TypeVar

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models import FamilyLink, Model, db, rows_changed, utcnow

Delivery = TypeVar("Delivery", "ReminderDelivery", "DigestDelivery")


class Channel(StrEnum):
    """How a reminder or weekly summary goes out; the value is what the tables store."""

    EMAIL = "email"
    SMS = "sms"


class DeliveryStatus(StrEnum):
    """Where a reminder or weekly summary delivery row stands; the value is what the
    tables store (a member compares equal to its text, so stored rows read as before)."""

    SENDING = "sending"  # claimed by a run, outcome not yet known
    SENT = "sent"
    FAILED = "failed"  # to be tried again at next_attempt_at
    GAVE_UP = "gave-up"  # failed MAX_ATTEMPTS times
    COVERED = "covered"  # not needed: a correction already said it (reminders only)


def claim_new_delivery(row: Delivery) -> Delivery | None:
    """Store a new delivery row and commit, so this run owns it; None when another run
    stored the same delivery first (its unique key), so each message goes once."""
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return row


def claim_failed_delivery(model: type[Delivery], row_id: int) -> bool:
    """Mark a failed delivery row as being sent again and commit; False when another run
    claimed it first (the row is no longer failed), so a retry goes once."""
    claimed = rows_changed(
        model.__table__.update()
        .where(model.id == row_id, model.status == DeliveryStatus.FAILED)
        .values(status=DeliveryStatus.SENDING)
    )
    db.session.commit()
    return claimed == 1


class ReminderChoice(Model):
    """A family member's consent to meeting reminders on one `Channel`.

    The address is kept as given (normalised) because the reminder job must send to it;
    pages only ever show it masked. Deleted with the link, and by the member in one step.
    """

    __tablename__ = "reminder_choices"
    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("family_links.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(10))  # a Channel
    address: Mapped[str] = mapped_column(String(320))
    # Text messages only: a second reminder two hours before a meeting with a time.
    two_hours_before: Mapped[bool] = mapped_column(default=False)
    # Random, new for each choice: the "stop these reminders" address in a message is
    # signed with the secret key over the choice's id and this, so an address made for
    # a choice that was removed never stops a later one that got the same id.
    salt: Mapped[str] = mapped_column(String(32))
    chosen_by: Mapped[str] = mapped_column(String(20))  # "family" or "professional"
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    link: Mapped[FamilyLink] = relationship()

    __table_args__ = (UniqueConstraint("link_id", "channel"),)


class ReminderDelivery(Model):
    """One reminder for one meeting, member and channel: the row that makes sending
    idempotent. Never the message text: only what was due, when, and what happened."""

    __tablename__ = "reminder_deliveries"
    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("family_links.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(10))  # a Channel
    meeting: Mapped[str] = mapped_column(String(60))  # "review-conference-2", as the calendar
    purpose: Mapped[str] = mapped_column(String(20))  # "day-before", "two-hours", "correction"
    # The meeting's date, time and place (or "cancelled") as the reminder told them: a
    # change after a reminder was sent is what calls for a correction.
    fingerprint: Mapped[str] = mapped_column(String(64))
    # When the meeting started as that reminder told it (UTC): a cancellation names it.
    meeting_at: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(10))  # a DeliveryStatus
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime | None]
    sent_at: Mapped[dt.datetime | None]
    error: Mapped[str | None] = mapped_column(String(120))  # the kind of failure, no text
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("link_id", "channel", "meeting", "purpose", "fingerprint"),
        Index("ix_reminder_deliveries_link_meeting", "link_id", "meeting"),
    )


class DigestDelivery(Model):
    """One weekly summary for one professional and ISO week ("2026-W50"): the row that
    makes the summary go once a week. Never its text: only what happened."""

    __tablename__ = "digest_deliveries"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    week: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(10))  # a DeliveryStatus other than COVERED
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime | None]
    sent_at: Mapped[dt.datetime | None]
    error: Mapped[str | None] = mapped_column(String(120))  # the kind of failure, no text
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("user_id", "week"),)


class WebhookEndpoint(Model):
    """A receiver an administrator registered for change notices (portal/webhooks).

    The signing secret is kept encrypted (AES-GCM under a key derived from SECRET_KEY):
    the portal must use it to sign, so it cannot be a hash, and a copy of the database
    alone does not give it away."""

    __tablename__ = "webhook_endpoints"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))  # unique among the live ones
    secret_sealed: Mapped[str] = mapped_column(String(200))  # "" once removed
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Removed endpoints stay, with their delivery log, so what was sent where is still
    # known (and their ids are never given to another address).
    removed_at: Mapped[dt.datetime | None]


class WebhookDelivery(Model):
    """One change notice for one endpoint: written in the same transaction as the change
    (the outbox), then sent, retried and logged by `webhooks send`. It holds what the
    notice says (reference, version, kind of change, sections changed), never plan
    content, and of each try only the status code and times: no bodies."""

    __tablename__ = "webhook_deliveries"
    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id", ondelete="CASCADE"))
    delivery_id: Mapped[str] = mapped_column(String(36), unique=True)
    reference: Mapped[str] = mapped_column(String(40))
    version: Mapped[int]
    kind: Mapped[str] = mapped_column(String(10))  # "created", "updated", "deleted"
    sections: Mapped[str] = mapped_column(String(1000))  # top-level keys, comma-separated
    previous_reference: Mapped[str | None] = mapped_column(String(40))  # a rename's old one
    changed_at: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(10))  # "pending", "delivered", "gave-up"
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime]
    last_attempt_at: Mapped[dt.datetime | None]
    last_status_code: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(String(120))  # the kind of failure, no text
    delivered_at: Mapped[dt.datetime | None]

    __table_args__ = (Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),)
