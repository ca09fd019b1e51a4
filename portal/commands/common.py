"""What every command does alike: fail with one line, never with a traceback."""

import contextlib
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn, TextIO

import click

from portal.models import db


def utc_text(value: dt.datetime | None) -> str | None:
    """A stored UTC time (kept without its zone) as the commands print it: to the second, with Z."""
    return value.replace(microsecond=0).isoformat() + "Z" if value else None


def fail(message: str) -> NoReturn:
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


@contextlib.contextmanager
def file_written_whole(
    file: Path, suffix: str, *, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[TextIO]:
    """An export's output, written beside FILE and renamed onto it only once complete:
    an interrupted export never leaves a half-written file under the name asked for."""
    if not file.parent.is_dir():
        fail(f"FILE: the folder {file.parent} does not exist")
    handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=".export-", suffix=suffix)
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline=newline) as out:
            yield out
        Path(temporary).replace(file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
