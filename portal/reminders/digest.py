"""The weekly summary for professionals: what is overdue and what is due in the next
14 days in their plans (reviews, core groups, escalation steps, visits), by email.

A social worker gets their own plans; a manager gets their team's. It goes once per ISO
week, from 07:00 on Monday (England), sent by the same `reminders send` run as the
families' reminders, and each week's delivery row makes it go once. It is email, so it
names plans by reference and dates only: never a child's name, worry or category.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select

from portal import clock
from portal.i18n import LANGUAGES
from portal.languages import locale_for
from portal.models import Plan, Role, User, db
from portal.models.outgoing import (
    Channel,
    DeliveryStatus,
    DigestDelivery,
    claim_failed_delivery,
    claim_new_delivery,
)
from portal.names import weekday_date
from portal.planning.format.messages import N_
from portal.records.audit_trail import audit
from portal.reminders.messages import END_ISOLATE, ISOLATE
from portal.reminders.schedule import MAX_ATTEMPTS, retry_gap
from portal.reminders.senders import Message, Sender, SendFailed

ACTOR = "reminders"
AHEAD = dt.timedelta(days=14)
SENDS_FROM = dt.time(7, 0)  # Monday, England
SUMMARY_ROLES = (Role.SOCIAL_WORKER, Role.MANAGER)

KIND_NAMES = {
    "review": N_("Review conference"),
    "core-group": N_("Core group meeting"),
    "milestone": N_("Escalation step: %(step)s"),
    "visit": N_("Visit"),
}


@dataclass(frozen=True)
class DueItem:
    reference: str
    kind: str  # a key of KIND_NAMES
    due: dt.date
    step: str = ""  # the escalation step's name (a procedure's, never the family's)


def week_of(now: dt.datetime) -> str | None:
    """The ISO week whose summary is due at `now` (UTC, naive), or None before Monday
    07:00 in England (the week's summary is not due yet; last week's is then over)."""
    today = clock.date_in_england(now)
    monday = today - dt.timedelta(days=today.weekday())
    if now < clock.in_england(monday, SENDS_FROM):
        return None
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


def next_visit_due(record: dict, started: dt.date) -> dt.date | None:
    """When the next visit is due: the last recorded visit (or the plan's start) plus
    the plan's visit interval; None when the plan records no interval."""
    every = (record.get("visits") or {}).get("every_days")
    if not isinstance(every, int) or every < 1:
        return None
    dates = []
    for visit in record.get("visit_log") or ():
        try:
            dates.append(dt.date.fromisoformat(visit.get("date", "")))
        except (TypeError, ValueError, AttributeError):
            continue
    return (max(dates) if dates else started) + dt.timedelta(days=every)


def due_items(plan: Plan, today: dt.date) -> list[DueItem]:
    """What in one open plan is overdue or due by `today` + 14 days, earliest first."""
    until = today + AHEAD
    found = [
        DueItem(plan.reference, "review", plan.next_review_due) if plan.next_review_due else None,
        DueItem(plan.reference, "core-group", plan.next_core_group_due)
        if plan.next_core_group_due
        else None,
        DueItem(plan.reference, "milestone", plan.next_milestone_due, plan.next_milestone or "")
        if plan.next_milestone_due and not plan.next_milestone_conditional
        else None,
    ]
    visit = next_visit_due(plan.record or {}, plan.started)
    if visit is not None:
        found.append(DueItem(plan.reference, "visit", visit))
    return sorted(
        (item for item in found if item is not None and item.due <= until),
        key=lambda item: (item.due, item.reference, item.kind),
    )


def plans_for(user: User) -> list[Plan]:
    """The open plans a summary covers: a worker's own; a manager's team's."""
    query = select(Plan).where(Plan.ended.is_(None)).order_by(Plan.reference)
    if user.role == Role.MANAGER:
        if not user.team:
            return []
        team = select(User.id).where(User.team == user.team)
        query = query.where(Plan.social_worker_id.in_(team))
    else:
        query = query.where(Plan.social_worker_id == user.id)
    return list(db.session.scalars(query))


def step_name(profile_id: str, step_id: str) -> str:
    profile = current_app.extensions["profiles"].get(profile_id)
    milestone = profile.milestone(step_id) if profile is not None else None
    return _(milestone.name) if milestone is not None else step_id


@dataclass(frozen=True)
class Summary:
    subject: str
    body: str


def compose(user: User, today: dt.date, plans: list[Plan], base_url: str) -> Summary:
    """The summary's subject and text, in the language the person chose it in."""
    language = user.weekly_summary if user.weekly_summary in LANGUAGES else "en"
    rtl = LANGUAGES[language].direction == "rtl"

    def iso(text: str) -> str:
        """Left to right inside right-to-left text: a reference, date or address."""
        return f"{ISOLATE}{text}{END_ISOLATE}" if rtl else text

    with force_locale(locale_for(language)):
        items = [(plan, item) for plan in plans for item in due_items(plan, today)]
        items.sort(key=lambda pair: (pair[1].due, pair[1].reference, pair[1].kind))
        overdue = [pair for pair in items if pair[1].due < today]
        coming = [pair for pair in items if pair[1].due >= today]
        monday = today - dt.timedelta(days=today.weekday())
        subject = _(
            "Your plans this week: %(overdue)s overdue, %(coming)s due in the next 14 days",
            overdue=len(overdue),
            coming=len(coming),
        )
        lines = [
            _("Week of %(date)s", date=iso(weekday_date(monday))),
            _("Plans with you as social worker")
            if user.role != Role.MANAGER
            else _("Plans in your team, %(team)s", team=user.team),
            "",
        ]
        for heading, group, empty in (
            (_("Overdue"), overdue, _("Nothing is overdue.")),
            (_("Due in the next 14 days"), coming, _("Nothing is due in the next 14 days.")),
        ):
            lines += [heading, "-" * len(heading)]
            lines += [_line(plan, item, base_url, language, iso) for plan, item in group] or [empty]
            lines.append("")
        lines += [
            ngettext("%(num)d open plan.", "%(num)d open plans.", len(plans)),
            _(
                "To stop this summary, sign in and choose 'Weekly summary': %(url)s",
                url=iso(f"{base_url}/{language}/professional/weekly-summary"),
            ),
        ]
        return Summary(subject=subject, body="\n".join(lines) + "\n")


def _line(plan: Plan, item: DueItem, base_url: str, language: str, iso) -> str:
    what = (
        _(KIND_NAMES["milestone"], step=step_name(plan.profile, item.step))
        if item.kind == "milestone"
        else _(KIND_NAMES[item.kind])
    )
    address = f"{base_url}/{language}/professional/plans/{plan.reference.replace('/', '~')}"
    return _(
        "%(reference)s: %(what)s, due %(date)s. %(url)s",
        reference=iso(plan.reference),
        what=what,
        date=iso(weekday_date(item.due)),
        url=iso(address),
    )


def send_summaries(now: dt.datetime, senders: dict[str, Sender]) -> tuple[int, int, int]:
    """Send this week's summaries that are due at `now` (UTC, naive), once each;
    returns (sent, failed, skipped)."""
    week = week_of(now)
    sender = senders.get(Channel.EMAIL)
    if week is None or sender is None:
        return 0, 0, 0
    base_url = current_app.config["PORTAL_BASE_URL"].rstrip("/")
    today = clock.date_in_england(now)
    users = db.session.scalars(
        select(User)
        .where(User.weekly_summary.is_not(None), User.active, User.role.in_(SUMMARY_ROLES))
        .order_by(User.id)
    ).all()
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    for user in users:
        row = _claim(user, week, now)
        if row is None:
            continue  # sent already this week, given up, or not yet time to try again
        summary = compose(user, today, plans_for(user), base_url)
        outcome = _send(row, user, summary, sender, now)
        counts[outcome] += 1
    return counts["sent"], counts["failed"], counts["skipped"]


def _claim(user: User, week: str, now: dt.datetime) -> DigestDelivery | None:
    """This week's row, marked as being sent; None if it is not this run's to send."""
    existing = db.session.scalar(
        select(DigestDelivery).where(DigestDelivery.user_id == user.id, DigestDelivery.week == week)
    )
    if existing is not None:
        if existing.status != DeliveryStatus.FAILED or (existing.next_attempt_at or now) > now:
            return None
        if not claim_failed_delivery(DigestDelivery, existing.id):
            return None
        db.session.refresh(existing)
        return existing
    row = DigestDelivery(
        user_id=user.id, week=week, status=DeliveryStatus.SENDING, attempts=0, created_at=now
    )
    return claim_new_delivery(row)


def _send(
    row: DigestDelivery, user: User, summary: Summary, sender: Sender, now: dt.datetime
) -> str:
    message = Message(
        channel=Channel.EMAIL,
        to=user.email,
        subject=summary.subject,
        body=summary.body,
        language=user.weekly_summary or "en",
        stop_url="",
    )
    row.attempts += 1
    try:
        sender.send(message)
    except SendFailed as failure:
        row.error = failure.kind
        if row.attempts >= MAX_ATTEMPTS:
            row.status, row.next_attempt_at = DeliveryStatus.GAVE_UP, None
        else:
            row.status, row.next_attempt_at = DeliveryStatus.FAILED, now + retry_gap(row.attempts)
        audit(ACTOR, "summary.failed", None, f"user:{user.id} {row.week}")
        db.session.commit()
        return "failed"
    row.status, row.sent_at, row.next_attempt_at, row.error = DeliveryStatus.SENT, now, None, None
    audit(ACTOR, "summary.sent", None, f"user:{user.id} {row.week}")
    db.session.commit()
    return "sent"
