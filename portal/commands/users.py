"""`flask --app portal users ...`: add, list and deactivate professional accounts."""

import click
from flask import current_app, url_for
from flask.cli import AppGroup
from sqlalchemy import select

from portal.config import settings
from portal.models import User, db
from portal.records import audit
from portal.workspace.auth import (
    MAX_PASSWORD_LENGTH,
    MAX_TEAM,
    MIN_PASSWORD_LENGTH,
    ROLES,
    AccountError,
    create_user,
    deactivate,
    find_user,
    new_setup_token,
    set_password,
)

users = AppGroup("users", help="Manage professionals' accounts.")

BASE_URL_OPTION = click.option(
    "--base-url",
    default=None,
    help="The portal's public address for the link (default: PORTAL_BASE_URL).",
)
LANG_OPTION = click.option(
    "--lang", default="en", show_default=True, help="Language of the set-up page."
)


def _check_password(value: str) -> str:
    if len(value) < MIN_PASSWORD_LENGTH:
        raise click.BadParameter(f"use at least {MIN_PASSWORD_LENGTH} characters")
    if len(value) > MAX_PASSWORD_LENGTH:
        raise click.BadParameter(f"use {MAX_PASSWORD_LENGTH} characters or fewer")
    return value


@users.command("create")
@click.argument("email")
@click.option(
    "--role",
    required=True,
    type=click.Choice([role.value for role in ROLES]),
    help="What the user may do.",
)
@click.option(
    "--setup-link",
    is_flag=True,
    help="Print a one-time link (valid 72 hours) for the user to choose a password, "
    "instead of typing one now.",
)
@click.option("--team", default=None, help='The team the person works in, e.g. "Team North".')
@BASE_URL_OPTION
@LANG_OPTION
def create(
    email: str, role: str, setup_link: bool, team: str | None, base_url: str | None, lang: str
) -> None:
    """Add an account for EMAIL."""
    team = _check_team(team)
    if find_user(email) is not None:  # before asking for a password twice
        raise click.ClickException(f"{email}: there is already an account with this email address")
    if setup_link:
        _check_language(lang)  # before anything is stored
    password = None
    if not setup_link:
        password = click.prompt(
            "Password", hide_input=True, confirmation_prompt=True, value_proc=_check_password
        )
    try:
        user = create_user(email, role)
    except AccountError as problem:
        db.session.rollback()
        message = {
            "email": "not a valid email address",
            "role": "unknown role",
            "duplicate": "there is already an account with this email address",
        }[str(problem)]
        raise click.ClickException(f"{email}: {message}") from None
    if password is not None:
        set_password(user, password)
    user.team = team
    token = new_setup_token(user) if setup_link else None
    audit("cli", "user.create", detail=f"user:{user.id}")
    db.session.commit()
    click.echo(f"Added {user.email} ({user.role}).")
    if token is not None:
        _echo_setup_link(token, base_url, lang)


@users.command("setup-link")
@click.argument("email")
@BASE_URL_OPTION
@LANG_OPTION
def setup_link_command(email: str, base_url: str | None, lang: str) -> None:
    """Print a new one-time set-up link for EMAIL (an expired link, a forgotten
    password). Any earlier link stops working; a current password works until the new
    one is chosen."""
    _check_language(lang)
    user = find_user(email)
    if user is None or not user.active:
        raise click.ClickException(f"{email}: no such active account")
    token = new_setup_token(user)
    audit("cli", "user.setup_link", detail=f"user:{user.id}")
    db.session.commit()
    _echo_setup_link(token, base_url, lang)


def _check_language(lang: str) -> None:
    if lang not in settings().languages:
        raise click.BadParameter(f"not a language this portal offers: {lang}", param_hint="--lang")


def _echo_setup_link(token: str, base_url: str | None, lang: str) -> None:
    with current_app.test_request_context("/"):
        path = url_for("professional.set_password_page", lang=lang, token=token)
    click.echo("Give this set-up link to the user (it works once, for 72 hours):")
    if base_url is None:
        base_url = settings().base_url
    click.echo(base_url.rstrip("/") + path)


def _check_team(team: str | None) -> str | None:
    team = " ".join((team or "").split())
    if len(team) > MAX_TEAM:
        raise click.BadParameter(f"use {MAX_TEAM} characters or fewer", param_hint="--team")
    return team or None


@users.command("set-team")
@click.argument("email")
@click.argument("team", required=False)
def set_team(email: str, team: str | None) -> None:
    """Put EMAIL in TEAM ("Team North"); without TEAM, in no team. The plan list's
    "my team" and the dashboard's team column use it."""
    team = _check_team(team)
    user = find_user(email)
    if user is None:
        raise click.ClickException(f"{email}: no such account")
    user.team = team
    audit("cli", "user.set_team", detail=f"user:{user.id}")
    db.session.commit()
    click.echo(f"{user.email} is in {team}." if team else f"{user.email} is in no team.")


@users.command("list")
def list_users() -> None:
    """Show every account: email, role, state and team."""
    for user in db.session.scalars(select(User).order_by(User.email)):
        if not user.active:
            state = "deactivated"
        elif user.password_hash is None:
            state = "waiting for set-up"
        else:
            state = "active"
        click.echo(f"{user.email}\t{user.role}\t{state}\t{user.team or ''}")


@users.command("deactivate")
@click.argument("email")
def deactivate_command(email: str) -> None:
    """Stop EMAIL's account: no more sign-ins, and any set-up link stops working."""
    user = find_user(email)
    if user is None:
        raise click.ClickException(f"{email}: no such account")
    deactivate(user)
    audit("cli", "user.deactivate", detail=f"user:{user.id}")
    db.session.commit()
    click.echo(f"Deactivated {user.email}.")
