"""``reminders`` command group: send what is due, or preview what a plan's members get.

`send` is the job a council runs every 15 minutes (cron or a systemd timer:
docs/reminders.md). It prints one JSON line, `{"sent": N, "failed": N, "skipped": N}`,
and exits 0 unless it could not run at all.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from portal import clock
from portal.models import FamilyLink, Plan, db
from portal.models.outgoing import Channel, ReminderChoice
from portal.reminders.choices import masked
from portal.reminders.schedule import DAY_BEFORE, TWO_HOURS, Due
from portal.reminders.senders import senders_from_config


def _moment(text: str | None) -> dt.datetime:
    """--now as UTC without a time zone; the text is a time in England."""
    if text is None:
        return clock.now()
    try:
        local = dt.datetime.strptime(text, "%Y-%m-%dT%H:%M").replace(tzinfo=clock.LONDON)
    except ValueError:
        raise click.BadParameter(
            "give a time in England like 2027-01-12T09:30", param_hint="--now"
        ) from None
    return clock.to_utc(local)


@click.group("reminders")
def reminders() -> None:
    """Meeting reminders to family members who chose them."""


@reminders.command("send")
@click.option(
    "--now",
    "now_text",
    metavar="YYYY-MM-DDTHH:MM",
    help="Send what is due at this time in England (default: now).",
)
@with_appcontext
def send_command(now_text: str | None) -> None:
    """Send every reminder due now, once; print {"sent", "failed", "skipped"} as JSON."""
    from portal.reminders.job import send_due

    now = _moment(now_text)
    senders = senders_from_config(current_app.config)
    if not senders:
        click.echo("Reminders are off: no sender is set (docs/reminders.md).", err=True)
    tty = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if tty:
            click.echo(f"\rSending reminders: {done} of {total}", err=True, nl=done == total)

    try:
        summary = send_due(now, senders, progress=progress)
    except Exception as error:
        current_app.logger.exception("Reminder run failed")
        click.echo(f"The reminder run could not finish: {type(error).__name__}", err=True)
        raise SystemExit(1) from None
    if summary.stopped:
        click.echo(
            f"{summary.stopped} text message reminder choice(s) ended by a STOP reply.", err=True
        )
    click.echo(json.dumps(summary.as_json()))


@reminders.command("preview")
@click.argument("reference")
@click.option(
    "--now",
    "now_text",
    metavar="YYYY-MM-DDTHH:MM",
    help="Preview from this time in England (default: now).",
)
@with_appcontext
def preview_command(reference: str, now_text: str | None) -> None:
    """Print every reminder the members of plan REFERENCE would get, and when; send nothing."""
    from portal.reminders.job import details_url, meetings_of_plan, plan_language, stop_url
    from portal.reminders.messages import compose

    plan = db.session.scalar(select(Plan).where(Plan.reference == reference))
    if plan is None:
        click.echo(f"No plan has the reference {reference}", err=True)
        raise SystemExit(1)
    now = _moment(now_text)
    today = clock.date_in_england(now)
    meetings = [m for m in meetings_of_plan(plan, today) if m.starts > now]
    choices = db.session.scalars(
        select(ReminderChoice)
        .join(ReminderChoice.link)
        .where(FamilyLink.plan_id == plan.id)
        .order_by(ReminderChoice.id)
    ).all()
    language = plan_language(plan)
    if not choices:
        click.echo("No family member of this plan has chosen reminders.")
    if not meetings:
        click.echo("No booked meeting is coming up.")
    for choice in choices:
        to = masked(choice.channel, choice.address)
        click.echo(f"\n== {choice.link.label}: {choice.channel} to {to} ({language})")
        for meeting in meetings:
            purposes = [DAY_BEFORE]
            if (
                choice.channel == Channel.SMS
                and choice.two_hours_before
                and meeting.time is not None
            ):
                purposes.append(TWO_HOURS)
            for purpose in purposes:
                at = clock.local(meeting.reminder_at(purpose))
                wording = compose(
                    Due(meeting, purpose),
                    language=language,
                    channel=choice.channel,
                    details_url=details_url(choice.link),
                    stop_url=stop_url(choice, language),
                )
                click.echo(f"-- {at:%Y-%m-%d %H:%M} ({purpose})")
                if choice.channel != Channel.SMS:
                    click.echo(f"Subject: {wording.subject}")
                click.echo(wording.body)
