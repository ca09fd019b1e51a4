"""The reminder job: what is due now, sent once, its outcome recorded without its text.

Run every 15 minutes (`flask --app portal reminders send`, docs/reminders.md). Each
reminder is claimed before it is sent, by inserting its delivery row: two runs at once
cannot both claim it (the row is unique), and a run that is repeated finds it. A send
that fails is tried again later; one that is interrupted between claim and outcome is
not sent again (at most once is safer than twice for a family).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from portal import clock
from portal.config import settings
from portal.models import FamilyLink, Plan, db
from portal.models.outgoing import (
    Channel,
    DeliveryStatus,
    ReminderChoice,
    ReminderDelivery,
    claim_failed_delivery,
    claim_new_delivery,
)
from portal.planning import compute_timeline, parse_record
from portal.records.audit_trail import audit
from portal.reminders import addresses
from portal.reminders.digest import send_summaries
from portal.reminders.messages import Wording, compose
from portal.reminders.schedule import (
    MAX_ATTEMPTS,
    Due,
    PastDelivery,
    booked_meetings,
    due_reminders,
    retry_gap,
)
from portal.reminders.senders import Message, NotifySender, Sender, SendFailed

ACTOR = "reminders"


@dataclass
class Summary:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    stopped: int = 0  # consents ended by a STOP reply

    def as_json(self) -> dict[str, int]:
        return {"sent": self.sent, "failed": self.failed, "skipped": self.skipped}


@dataclass(frozen=True)
class Planned:
    """One reminder the job would send now, with its words."""

    choice: ReminderChoice
    due: Due
    wording: Wording


def base_url() -> str:
    return current_app.config["PORTAL_BASE_URL"].rstrip("/")


def details_url(link: FamilyLink) -> str:
    token = addresses.details_token(settings().secret_key, link.id, link.token_hash)
    return f"{base_url()}/r/{token}"


def stop_url(choice: ReminderChoice, language: str) -> str:
    token = addresses.stop_token(settings().secret_key, choice.id, choice.salt)
    return f"{base_url()}/{language}/reminders/stop/{token}"


def plan_language(plan: Plan) -> str:
    offered = current_app.config["PORTAL_LANGUAGES"]
    return plan.language if plan.language in offered else "en"


def meetings_of_plan(plan: Plan, today: dt.date):
    profiles = current_app.extensions["profiles"]
    record = parse_record(plan.record, profiles)
    return booked_meetings(compute_timeline(record, profiles[record.profile], today).events)


def _past(link_id: int, channel: str) -> list[PastDelivery]:
    rows = db.session.scalars(
        select(ReminderDelivery).where(
            ReminderDelivery.link_id == link_id, ReminderDelivery.channel == channel
        )
    )
    return [
        PastDelivery(
            id=row.id,
            meeting=row.meeting,
            purpose=row.purpose,
            fingerprint=row.fingerprint,
            status=row.status,
            attempts=row.attempts,
            next_attempt_at=row.next_attempt_at,
            sent_at=row.sent_at,
            meeting_at=row.meeting_at,
        )
        for row in rows
    ]


def planned_reminders(now: dt.datetime, plan_ids: list[int] | None = None) -> list[Planned]:
    """Everything due at `now` (UTC, naive) for members who chose reminders, worded."""
    query = (
        select(ReminderChoice)
        .join(ReminderChoice.link)
        .join(FamilyLink.plan)
        .where(FamilyLink.usable(now), Plan.ended.is_(None))
        .options(joinedload(ReminderChoice.link).joinedload(FamilyLink.plan))
        .order_by(FamilyLink.plan_id, ReminderChoice.id)
    )
    if plan_ids is not None:
        query = query.where(FamilyLink.plan_id.in_(plan_ids))
    today = clock.date_in_england(now)
    meetings_of: dict[int, list] = {}
    out: list[Planned] = []
    for choice in db.session.scalars(query).unique():
        plan = choice.link.plan
        if plan.id not in meetings_of:
            meetings_of[plan.id] = meetings_of_plan(plan, today)
        past = _past(choice.link_id, choice.channel)
        due = due_reminders(
            meetings_of[plan.id], past, now, two_hours_before=choice.two_hours_before
        )
        language = plan_language(plan)
        for item in due:
            wording = compose(
                item,
                language=language,
                channel=choice.channel,
                details_url=details_url(choice.link),
                stop_url=stop_url(choice, language),
            )
            out.append(Planned(choice, item, wording))
    return out


def send_due(
    now: dt.datetime,
    senders: dict[str, Sender],
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Send what is due at `now` (UTC, naive), once each; returns the counts."""
    summary = Summary()
    summary.stopped = apply_stop_replies(senders)
    planned = planned_reminders(now)
    for done, item in enumerate(planned, start=1):
        sender = senders.get(item.choice.channel)
        if sender is None:
            summary.skipped += 1
        else:
            outcome = _send_one(item, sender, now)
            setattr(summary, outcome, getattr(summary, outcome) + 1)
        if progress:
            progress(done, len(planned))
    sent, failed, skipped = send_summaries(now, senders)
    summary.sent += sent
    summary.failed += failed
    summary.skipped += skipped
    return summary


def _send_one(item: Planned, sender: Sender, now: dt.datetime) -> str:
    choice, due = item.choice, item.due
    row = _claim(choice, due, now)
    if row is None:
        return "skipped"  # another run took it
    message = Message(
        channel=choice.channel,
        to=choice.address,
        subject=item.wording.subject,
        body=item.wording.body,
        language=plan_language(choice.link.plan),
        stop_url=stop_url(choice, plan_language(choice.link.plan)),
    )
    try:
        sender.send(message)
    except SendFailed as failure:
        row.attempts += 1
        row.error = failure.kind
        if row.attempts >= MAX_ATTEMPTS:
            row.status, row.next_attempt_at = DeliveryStatus.GAVE_UP, None
        else:
            row.status, row.next_attempt_at = DeliveryStatus.FAILED, now + retry_gap(row.attempts)
        audit(
            ACTOR,
            "reminders.failed",
            choice.link.plan_id,
            f"link:{choice.link_id} {choice.channel}",
        )
        db.session.commit()
        current_app.logger.warning(
            "Reminder not sent", extra={"delivery": row.id, "failure": failure.kind}
        )
        return "failed"
    row.attempts += 1
    row.status, row.sent_at, row.next_attempt_at, row.error = DeliveryStatus.SENT, now, None, None
    for purpose in due.covers:
        db.session.add(_row(choice, due, purpose, now, status=DeliveryStatus.COVERED))
    audit(ACTOR, "reminders.sent", choice.link.plan_id, f"link:{choice.link_id} {choice.channel}")
    db.session.commit()
    return "sent"


def _row(
    choice: ReminderChoice, due: Due, purpose: str, now: dt.datetime, status: DeliveryStatus
) -> ReminderDelivery:
    meeting = due.meeting
    return ReminderDelivery(
        link_id=choice.link_id,
        channel=choice.channel,
        meeting=meeting.key,
        purpose=purpose,
        fingerprint=meeting.fingerprint,
        meeting_at=due.previous_start
        if meeting.cancelled and due.previous_start
        else meeting.starts,
        status=status,
        attempts=0,
        created_at=now,
    )


def _claim(choice: ReminderChoice, due: Due, now: dt.datetime) -> ReminderDelivery | None:
    """The delivery row, now marked as being sent; None if another run has it."""
    if due.retry_of is not None:
        if not claim_failed_delivery(ReminderDelivery, due.retry_of):
            return None
        return db.session.get(ReminderDelivery, due.retry_of)
    row = _row(choice, due, due.purpose, now, status=DeliveryStatus.SENDING)
    return claim_new_delivery(row)


def apply_stop_replies(senders: dict[str, Sender]) -> int:
    """End text message consents whose number replied STOP after the consent was given."""
    notify = senders.get(Channel.SMS)
    if not isinstance(notify, NotifySender):
        return 0
    try:
        replies = notify.stop_requests()
    except SendFailed as failure:
        current_app.logger.warning("STOP replies not read", extra={"failure": failure.kind})
        return 0
    stopped = 0
    for number, received in replies:
        try:
            at = dt.datetime.fromisoformat(received.replace("Z", "+00:00"))
        except ValueError:
            continue
        at = clock.to_utc(at) if at.tzinfo else at
        rows = db.session.scalars(
            select(ReminderChoice).where(
                ReminderChoice.channel == Channel.SMS,
                ReminderChoice.address == _e164(number),
                ReminderChoice.created_at < at,
            )
        ).all()
        for row in rows:
            plan_id = row.link.plan_id
            db.session.execute(delete(ReminderChoice).where(ReminderChoice.id == row.id))
            audit(ACTOR, "reminders.stop", plan_id, f"link:{row.link_id} sms by reply")
            stopped += 1
    db.session.commit()
    return stopped


def _e164(number: str) -> str:
    """Notify gives the sender's number as 447700900123."""
    number = number.strip().replace(" ", "")
    return number if number.startswith("+") else "+" + number
