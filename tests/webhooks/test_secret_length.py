"""A receiver's own secret (`webhooks add --secret-stdin`) at the longest allowed still
fits the sealed column (VARCHAR on PostgreSQL refuses, not cuts, a longer value)."""

import secrets

from sqlalchemy import select

from portal.commands.webhooks import MAX_SECRET
from portal.models import db
from portal.models.outgoing import WebhookEndpoint
from portal.webhooks.sealing import seal, unseal
from tests.webhooks.test_webhooks import hook_app, portal, receiver  # noqa: F401

URL = "http://127.0.0.1:9/hooks/longest"


def test_the_longest_secret_seals_within_the_column(portal):  # noqa: F811
    column = WebhookEndpoint.__table__.c.secret_sealed.type.length
    longest = "x" * MAX_SECRET
    assert len(seal(longest, "k" * 32, URL)) <= column
    assert len(seal(longest + "x", "k" * 32, URL)) > column  # the limit is the real one
    secret = secrets.token_urlsafe(MAX_SECRET)[:MAX_SECRET]
    added = portal.cli.invoke(args=["webhooks", "add", URL, "--secret-stdin"], input=secret + "\n")
    assert added.exit_code == 0, added.output
    with portal.app.app_context():
        sealed = db.session.scalar(
            select(WebhookEndpoint.secret_sealed).where(WebhookEndpoint.url == URL)
        )
        assert len(sealed) <= column
        assert unseal(sealed, portal.app.secret_key, URL) == secret
    longer = portal.cli.invoke(
        args=["webhooks", "add", URL + "2", "--secret-stdin"], input=secret + "x\n"
    )
    assert longer.exit_code != 0 and f"32 to {MAX_SECRET}" in longer.output
