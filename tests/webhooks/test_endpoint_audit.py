"""Adding and removing a webhook endpoint is audited with where its notices went
(scheme, host and port), never the path or query, which may hold the receiver's token."""

from sqlalchemy import select

from portal.models import AuditEvent, db
from tests.webhooks.test_webhooks import hook_app, portal, receiver  # noqa: F401


def test_add_and_remove_are_audited_with_the_address(portal, receiver):  # noqa: F811
    site = receiver.url.removesuffix("/hooks/plans")
    url = f"{site}/hooks/other?token=receivers-own-token"
    assert portal.cli.invoke(args=["webhooks", "add", url]).exit_code == 0
    assert portal.cli.invoke(args=["webhooks", "remove", url]).exit_code == 0
    with portal.app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action.like("webhook.%")).order_by(AuditEvent.id)
        ).all()
        details = [(e.action, e.detail) for e in events]
    assert [action for action, _ in details] == ["webhook.add", "webhook.add", "webhook.remove"]
    assert all(detail.endswith(f" {site}") for _, detail in details)
    assert not any("token" in detail or "hooks" in detail for _, detail in details)
