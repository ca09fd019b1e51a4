"""`flask --app portal content check`: front matter, links, anchors, translations."""

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from portal.config import settings
from portal.content.checker import check_library

content = AppGroup("content", help="Check the guides and procedures.")


@content.command("check")
@click.option("--quiet", is_flag=True, help="Print only errors, not missing translations.")
def check(quiet: bool) -> None:
    """Validate every content file; exit 1 if anything is broken."""
    library = current_app.extensions["content"]
    report = check_library(library, settings().languages)
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    if not quiet:
        for note in report.notes:
            click.echo(f"note: {note}")
    pages = len(library.pages)
    click.echo(f"{pages} pages checked: {len(report.errors)} errors, {len(report.notes)} notes")
    if not report.ok:
        sys.exit(1)
