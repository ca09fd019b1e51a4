"""`flask --app portal demo ...`: fictional plans for trying the portal locally.

Demo data never goes into a production portal: both commands refuse there.
"""

import datetime as dt

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from portal import clock
from portal.commands.common import fail as _fail
from portal.commands.common import one_line_errors
from portal.config import settings
from portal.demo import LINK_LABEL, demo_records, demo_references
from portal.demo.generate import generate_plans
from portal.models import Plan, db
from portal.records import create_family_link, create_plan, get_plan

demo = AppGroup("demo", help="Load fictional plans to try the portal with.")

ACTOR = "demo"
LINK_DAYS = 30


def _today() -> dt.date:
    return clock.today()


def _in_production() -> bool:
    return settings().production


def _languages() -> tuple[str, ...]:
    return settings().languages


_guard = one_line_errors("demo", changed="nothing more was changed")


@demo.command("load")
@click.option(
    "--base-url",
    default="http://127.0.0.1:5000",
    show_default=True,
    help="The portal's address, for the printed family link.",
)
@_guard
def load(base_url: str) -> None:
    """Load four demo plans into an empty portal and print a family link and passcode.

    If the demo plans are already there, make a fresh link for the first one instead
    (passcodes are never stored, so a new link is the only way to show one).
    """
    if _in_production():
        click.echo("Demo data is never loaded when PORTAL_ENV=production.", err=True)
        return
    first_reference = demo_references()[0]
    if not db.session.scalar(select(func.count(Plan.id))):
        profiles = current_app.extensions["profiles"]
        for record in demo_records(_today(), _languages()):
            create_plan(record, profiles, actor=ACTOR, languages=_languages())
        click.echo(f"Loaded {len(demo_references())} demo plans: " + ", ".join(demo_references()))
    plan = get_plan(first_reference)
    if plan is None:
        click.echo("This portal already has plans, so no demo plans were loaded.")
        return
    new = create_family_link(plan, LINK_LABEL, LINK_DAYS, actor=ACTOR)
    click.echo(
        f"Family link for demo plan {plan.reference} ({LINK_LABEL}), valid for {LINK_DAYS} days:"
    )
    click.echo(f"  Link:     {base_url.rstrip('/')}/f/{new.token}")
    click.echo(f"  Passcode: {new.passcode}")


@demo.command("generate")
@click.option(
    "--plans",
    "count",
    type=click.IntRange(1, 100_000),
    required=True,
    help="How many open plans; twice as many ended ones are added.",
)
@click.option(
    "--seed", type=click.IntRange(0, 2**31), default=None, help="Make the same plans every time."
)
@_guard
def generate(count: int, seed: int | None) -> None:
    """Add N open plans and 2N ended ones with random but valid records."""
    if _in_production():
        _fail("Generated plans are never added when PORTAL_ENV=production.")
    stored = generate_plans(
        count, 2 * count, current_app.extensions["profiles"], _languages(), _today(), seed
    )
    click.echo(f"Generated {stored} plans: {count} open and {2 * count} ended.")
