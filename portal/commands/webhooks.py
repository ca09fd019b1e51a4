"""`flask --app portal webhooks ...`: endpoints that are told of plan changes, and the
sender that tells them (docs/api.md, "Webhooks").

`send` is the job a timer runs every minute (deploy/systemd/portal-webhooks.*). It
prints one JSON line, `{"delivered": N, "failed": N, "gave_up": N, "postponed": N}`.
"""

import datetime as dt
import json
import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from portal import clock
from portal.commands.common import fail as _fail
from portal.commands.common import one_line_errors, utc_text
from portal.config import settings
from portal.models import db
from portal.models.outgoing import WebhookDelivery
from portal.webhooks.addresses import AddressRefused
from portal.webhooks.endpoints import (
    AlreadyRegistered,
    live_endpoint,
    new_secret,
    register,
    summaries,
    unregister,
)
from portal.webhooks.sender import send_due

webhooks = AppGroup("webhooks", help="Register webhook endpoints and send change notices.")

ACTOR = "cli"
# Sealed, a secret grows by 28 bytes and then by a third (base64): 122 characters seal
# to 200, the most webhook_endpoints.secret_sealed holds.
MIN_SECRET, MAX_SECRET = 32, 122
_guard = one_line_errors("webhooks", changed="nothing was changed")


@webhooks.command("add")
@click.argument("url")
@click.option(
    "--secret-stdin",
    is_flag=True,
    help="Read the signing secret from standard input (else one is made and printed once).",
)
@_guard
def add(url: str, secret_stdin: bool) -> None:
    """Register URL (https://) to be sent a signed notice of every plan change."""
    url = url.strip()
    if secret_stdin:
        secret = sys.stdin.readline().strip()
        if not MIN_SECRET <= len(secret) <= MAX_SECRET or not secret.isascii():
            _fail(f"secret: give {MIN_SECRET} to {MAX_SECRET} ASCII characters on one line")
    else:
        secret = new_secret()
    try:
        endpoint = register(
            url,
            secret,
            actor=ACTOR,
            secret_key=settings().secret_key,
            allow_local_http=settings().webhooks_allow_local_http,
            ports=settings().webhooks_ports,
        )
    except AddressRefused as refused:
        _fail(f"URL: {refused}")
    except AlreadyRegistered:
        _fail(f"URL: {url} is already registered; remove it first to change its secret")
    click.echo(f"Registered webhook {endpoint.id}: {url}", err=True)
    if not secret_stdin:
        click.echo("Give the receiver this signing secret; it will not be shown again:", err=True)
        click.echo(secret)


@webhooks.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of lines.")
@_guard
def list_endpoints(as_json: bool) -> None:
    """Every endpoint, with how many notices are waiting, delivered and given up."""
    items = [
        {
            "id": e.id,
            "url": e.url,
            "created": utc_text(e.created_at),
            "pending": e.pending,
            "delivered": e.delivered,
            "gave-up": e.gave_up,
        }
        for e in summaries()
    ]
    if as_json:
        click.echo(json.dumps(items, indent=1))
        return
    for i in items:
        click.echo(
            f"{i['id']}\t{i['url']}\t{i['created']}\tpending {i['pending']}\t"
            f"delivered {i['delivered']}\tgave up {i['gave-up']}"
        )


@webhooks.command("remove")
@click.argument("url")
@_guard
def remove(url: str) -> None:
    """Stop sending to URL; its waiting notices are given up, its delivery log kept."""
    endpoint = live_endpoint(url.strip())
    if endpoint is None:
        _fail(f"URL: no webhook is registered at {url.strip()}")
    number = endpoint.id
    unregister(endpoint, actor=ACTOR)
    click.echo(f"Removed webhook {number}.")


@webhooks.command("log")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@_guard
def log(limit: int) -> None:
    """The latest deliveries: id, endpoint, plan, kind, status, attempts, last code, times."""
    rows = db.session.scalars(
        select(WebhookDelivery).order_by(WebhookDelivery.id.desc()).limit(limit)
    )
    for d in rows:
        click.echo(
            "\t".join(
                str(v)
                for v in (
                    d.delivery_id,
                    d.endpoint_id,
                    d.reference,
                    f"{d.kind} v{d.version}",
                    d.status,
                    f"attempts {d.attempts}",
                    d.last_status_code or "-",
                    utc_text(d.last_attempt_at) or "-",
                    d.error or "",
                )
            )
        )


@webhooks.command("send")
@click.option(
    "--now",
    "now_text",
    default=None,
    help="Send what is due at this UTC time (tests, default: now).",
)
@_guard
def send(now_text: str | None) -> None:
    """Send every notice that is due; retry failures later; print counts as JSON."""
    if now_text is None:
        now = clock.now()
    else:
        try:
            now = dt.datetime.fromisoformat(now_text)
        except ValueError:
            _fail("--now: give a UTC time like 2027-01-12T09:30")
    summary = send_due(
        now,
        secret_key=settings().secret_key,
        allow_local_http=settings().webhooks_allow_local_http,
        ports=settings().webhooks_ports,
        progress=lambda done: click.echo(f"{done} sent", err=True) if done % 100 == 0 else None,
    )
    click.echo(json.dumps(summary))
