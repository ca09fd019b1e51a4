"""What every command does alike: fail with one line, never with a traceback."""

import datetime as dt
import sys

import click

from portal.models import db


def utc_text(value: dt.datetime | None) -> str | None:
    """A stored UTC time (kept without its zone) as the commands print it: to the second, with Z."""
    return value.replace(microsecond=0).isoformat() + "Z" if value else None


def fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def one_line_errors(group: str, *, changed: str = "nothing was changed"):
    """Turn any unexpected error of a command into one line on stderr, rolling back."""

    def decorate(command):
        def run(*args, **kwargs):
            try:
                return command(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - a one-line report, never a traceback
                db.session.rollback()
                fail(
                    f"{group}: the command failed ({type(exc).__name__}); {changed}. "
                    "Is the database migrated (flask db upgrade)?"
                )

        run.__name__, run.__doc__ = command.__name__, command.__doc__
        return run

    return decorate
