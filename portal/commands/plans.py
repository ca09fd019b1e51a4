"""``plans`` command group: work with cp-plan/1 records from the command line.

The web app registers this group (``app.cli.add_command(plans)``); it also runs on
its own: ``python -m portal.commands.plans timeline PLAN.json --today 2026-05-20``.

Bad input never produces a traceback: the command prints one line per problem
on stderr, naming the field by JSON pointer, prints nothing on stdout and exits
with status 1.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from portal import clock, strict_json
from portal.commands.common import utc_text
from portal.config import settings
from portal.link_audience import FAMILY, HIDEABLE, VIEWS, UnknownSection, parse_hidden
from portal.models.outgoing import Channel
from portal.planning import (
    PlanStatus,
    ProfileInvalid,
    compute_timeline,
    load_profiles,
    timeline_to_json,
    validate_record,
)
from portal.planning.format import N_, FieldError, parse_record
from portal.planning.format.messages import MSG_DATE
from portal.strict_json import Reason, Refused

__all__ = ["plans", "read_plan_file", "today_in_london"]

MAX_FILE_BYTES = 5_000_000

MSG_FILE_UNREADABLE = N_("The file cannot be read: %(reason)s")
MSG_FILE_TOO_BIG = N_("The file is larger than %(max)s bytes")
MSG_NOT_UTF8 = N_("The file is not UTF-8 text")
MSG_BAD_JSON = N_("The file is not valid JSON: %(reason)s (line %(line)s, column %(column)s)")
MSG_JSON_TOO_DEEP = N_("The JSON is nested too deeply")
MSG_JSON_CONSTANT = N_("The JSON contains %(value)s, which is not allowed")
MSG_JSON_REPEATED_KEY = N_("The JSON repeats the field name %(name)s inside one object")
MSG_JSON_LONG_NUMBER = N_("The JSON contains a number with more than %(max)s digits")

_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


_JSON_MESSAGES = {
    Reason.CONSTANT: MSG_JSON_CONSTANT,
    Reason.REPEATED_NAME: MSG_JSON_REPEATED_KEY,
    Reason.SYNTAX: MSG_BAD_JSON,
    Reason.TOO_DEEP: MSG_JSON_TOO_DEEP,
    Reason.LONG_NUMBER: MSG_JSON_LONG_NUMBER,
}


def read_plan_file(path: str | Path) -> tuple[object, list[FieldError]]:
    """Read a JSON file strictly: (data, []) or (None, errors).

    Rejects non-UTF-8 text, NaN/Infinity, repeated field names and very deep
    nesting, so that what is stored is exactly what the file says.
    """
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [FieldError("", MSG_FILE_UNREADABLE, {"reason": exc.strerror or str(exc)})]
    if len(raw) > MAX_FILE_BYTES:
        return None, [FieldError("", MSG_FILE_TOO_BIG, {"max": MAX_FILE_BYTES})]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [FieldError("", MSG_NOT_UTF8)]
    try:
        return strict_json.loads(text), []
    except Refused as refused:
        return None, [FieldError("", _JSON_MESSAGES[refused.reason], refused.params)]


def today_in_london() -> date:
    """Today's date in England."""
    return clock.today()


def _fail(lines: list[str]) -> None:
    for line in lines:
        # lone surrogates from the input must not crash the error report itself
        click.echo(line.encode("utf-8", "backslashreplace").decode("utf-8"), err=True)
    raise SystemExit(1)


def _field_lines(errors: list[FieldError], where: str) -> list[str]:
    return [f"{e.pointer}: {e.message}" if e.pointer else f"{where}: {e.message}" for e in errors]


@click.group("plans")
def plans() -> None:
    """Work with child protection plan records (cp-plan/1)."""


@plans.command("timeline")
@click.argument("plan_file", metavar="PLAN.json")
@click.option(
    "--today",
    "today_text",
    metavar="YYYY-MM-DD",
    help="The date to compute the timeline for (default: today in England).",
)
@click.option(
    "--profiles-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of procedure profiles (default: content/profiles).",
)
def timeline_command(plan_file: str, today_text: str | None, profiles_dir: Path | None) -> None:
    """Print the timeline of the plan in PLAN.json as JSON."""
    try:
        _timeline(plan_file, today_text, profiles_dir)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - a one-line report, never a traceback
        _fail([f"{plan_file}: the timeline could not be computed ({type(exc).__name__})"])


def _timeline(plan_file: str, today_text: str | None, profiles_dir: Path | None) -> None:
    errors: list[str] = []
    today = today_in_london()
    if today_text is not None:
        try:
            if not _DATE_RE.fullmatch(today_text):
                raise ValueError
            today = date.fromisoformat(today_text)
        except ValueError:
            errors.append(f"--today: {MSG_DATE}")
    try:
        profiles = load_profiles(profiles_dir)
    except ProfileInvalid as exc:
        errors.extend(f"profiles: {line}" for line in exc.errors)
        _fail(errors)
    data, file_errors = read_plan_file(plan_file)
    if file_errors:
        _fail(errors + _field_lines(file_errors, plan_file))
    record_errors = validate_record(data, profiles)
    if record_errors or errors:
        _fail(errors + _field_lines(record_errors, plan_file))
    record = parse_record(data, profiles)
    result = compute_timeline(record, profiles[record.profile], today)
    click.echo(json.dumps(timeline_to_json(result), indent=1))


# --- stored plans: these commands need the app and its database ----------------------

CLI_ACTOR = "cli"
MAX_LABEL = 100


def _stored(command):
    """Run a database command in the app context, turning any unexpected failure into
    one line on stderr: never a traceback, never a half-finished change."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        from portal.models import db

        try:
            return command(*args, **kwargs)
        except SystemExit:
            raise
        except Exception as exc:  # noqa: BLE001 - a one-line report, never a traceback
            db.session.rollback()
            _fail(
                [
                    f"{command.__name__.removesuffix('_command')}: the command failed "
                    f"({type(exc).__name__}); nothing was changed. Is the database migrated "
                    "(flask db upgrade)?"
                ]
            )

    return with_appcontext(run)


def _stored_plan(reference: str):
    from portal.records import get_plan

    plan = get_plan(reference)
    if plan is None:
        _fail([f"{reference}: there is no plan with this reference"])
    return plan


@plans.command("import")
@click.argument("plan_file", metavar="FILE.json")
@click.option("--update", is_flag=True, help="Replace the stored plan with the same reference.")
@_stored
def import_command(plan_file: str, update: bool) -> None:
    """Check FILE.json and store it; print its reference, whether it is new, and its version."""
    from portal.planning import RecordInvalid
    from portal.records import DuplicateReference, create_plan, get_plan, replace_plan

    data, file_errors = read_plan_file(plan_file)
    if file_errors:
        _fail(_field_lines(file_errors, plan_file))
    reference = data.get("reference") if isinstance(data, dict) else None
    existed = isinstance(reference, str) and get_plan(reference) is not None
    try:
        store = functools.partial(replace_plan, create_missing=True) if update else create_plan
        plan = store(
            data,
            current_app.extensions["profiles"],
            actor=CLI_ACTOR,
            languages=settings().languages,
        )
    except RecordInvalid as exc:
        _fail(_field_lines(exc.errors, plan_file))
    except DuplicateReference:
        _fail(
            [
                f"{plan_file}: a plan with the reference {reference} already exists; "
                "use --update to replace it"
            ]
        )
    result = {"reference": plan.reference, "created": not existed, "version": plan.version}
    click.echo(json.dumps(result))


@plans.command("export")
@click.argument("reference")
@_stored
def export_command(reference: str) -> None:
    """Print the stored record of plan REFERENCE as cp-plan/1 JSON."""
    from portal.models import db
    from portal.records import MeasurementOnly, audit, export_record

    plan = _stored_plan(reference)
    if plan.measurement_only:
        _fail([str(MeasurementOnly(reference))])
    audit(CLI_ACTOR, "plan.export", plan.id)
    db.session.commit()
    click.echo(json.dumps(export_record(plan), indent=1, ensure_ascii=False))


@plans.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of lines.")
@_stored
def list_command(as_json: bool) -> None:
    """One line per plan: reference, profile, start date and status (open or ended)."""
    from sqlalchemy import select

    from portal.models import Plan, db

    rows = db.session.execute(
        select(Plan.reference, Plan.profile, Plan.started, Plan.ended).order_by(Plan.id)
    ).all()
    items = [
        {
            "reference": row.reference,
            "profile": row.profile,
            "started": row.started.isoformat(),
            "ended": row.ended.isoformat() if row.ended else None,
            "status": PlanStatus.ENDED if row.ended else PlanStatus.OPEN,
        }
        for row in rows
    ]
    if as_json:
        click.echo(json.dumps(items, indent=1))
        return
    for item in items:
        click.echo("\t".join((item["reference"], item["profile"], item["started"], item["status"])))


@plans.command("share")
@click.argument("reference")
@click.option("--for", "label", required=True, help='Who the link is for, like "Mother".')
@click.option(
    "--days",
    type=click.IntRange(1, 365),
    default=90,
    show_default=True,
    help="How long the link works.",
)
@click.option(
    "--view",
    type=click.Choice(VIEWS),
    default=FAMILY,
    show_default=True,
    help="young-person: the young person's own view, never the adults' sections.",
)
@click.option(
    "--hide",
    default="",
    metavar="SECTIONS",
    help=f"Sections this link leaves out, comma-separated: {','.join(HIDEABLE)}.",
)
@click.option(
    "--base-url",
    default="http://127.0.0.1:5000",
    show_default=True,
    help="The portal's address, for the printed link.",
)
@click.option(
    "--remind-email",
    metavar="ADDRESS",
    help="Meeting reminders by email to this address (the member agreed to it).",
)
@click.option(
    "--remind-sms",
    metavar="NUMBER",
    help="Meeting reminders by text message to this UK mobile (the member agreed to it).",
)
@_stored
def share_command(
    reference: str,
    label: str,
    days: int,
    view: str,
    hide: str,
    base_url: str,
    remind_email: str | None,
    remind_sms: str | None,
) -> None:
    """Make a family link for plan REFERENCE; print the link and its passcode (shown once)."""
    from portal.models import db
    from portal.records import MeasurementOnly, create_family_link
    from portal.reminders.choices import email_address, set_choice, uk_mobile

    try:
        hidden = parse_hidden(hide)
    except UnknownSection as unknown:
        _fail([f"--hide: {unknown} cannot be hidden; choose from {', '.join(HIDEABLE)}"])
    label = label.strip()
    problems = []
    if not label or len(label) > MAX_LABEL or not label.isprintable():
        problems.append(f"--for: give who the link is for in 1 to {MAX_LABEL} characters")
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", base_url):
        problems.append("--base-url: give the portal's address, like https://plans.example.org")
    email = email_address(remind_email) if remind_email is not None else None
    if remind_email is not None and email is None:
        problems.append("--remind-email: give an email address, like name@example.com")
    mobile = uk_mobile(remind_sms) if remind_sms is not None else None
    if remind_sms is not None and mobile is None:
        problems.append("--remind-sms: give a UK mobile number, like 07700 900123")
    plan = _stored_plan(reference)
    if plan.measurement_only:
        problems.insert(0, str(MeasurementOnly(reference)))
    if problems:
        _fail(problems)
    new = create_family_link(plan, label, days, actor=CLI_ACTOR, view=view, hidden=hidden)
    reminders: list[str] = []
    for channel, address in ((Channel.EMAIL, email), (Channel.SMS, mobile)):
        if address is not None:
            set_choice(
                new.link,
                channel,
                address,
                two_hours_before=False,
                chosen_by="professional",
                actor=CLI_ACTOR,
            )
            reminders.append(channel)
    db.session.commit()
    result = {
        "reference": reference,
        "for": new.link.label,
        "link": f"{base_url.rstrip('/')}/f/{new.token}",
        "passcode": new.passcode,
        "view": new.link.view,
        "hides": sorted(new.link.visibility.hidden),
        "expires": utc_text(new.link.expires_at),
    }
    if reminders:
        result["reminders"] = reminders
    click.echo(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(plans())
