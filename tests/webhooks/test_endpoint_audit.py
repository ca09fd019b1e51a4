"""Adding and removing a webhook endpoint is audited with where its notices went
(scheme, host and port), never the path or query, which may hold the receiver's token."""

from sqlalchemy import select

from portal.models import AuditEvent, db
from portal.models.outgoing import WebhookEndpoint
from tests.records.helpers import example
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


def test_a_removed_endpoint_keeps_its_log_and_its_id(portal, receiver):  # noqa: F811
    portal.post(example("england-new-plan"))
    assert portal.send()["delivered"] == 1
    portal.post(example("stoke-fifteen-months"))
    with portal.app.app_context():
        first_id = db.session.scalar(select(WebhookEndpoint.id))
    assert portal.cli.invoke(args=["webhooks", "remove", receiver.url]).exit_code == 0
    rows = portal.deliveries()
    assert [(r.reference, r.status) for r in rows] == [
        ("EX-0001", "delivered"),
        ("EX-0002", "gave-up"),
    ]
    with portal.app.app_context():
        removed = db.session.get(WebhookEndpoint, first_id)
        assert removed.removed_at is not None and removed.secret_sealed == ""
    # Nothing more goes to it; the same address added again is a new endpoint.
    portal.post(example("greenwich-ended"))
    assert portal.send() == {"delivered": 0, "failed": 0, "gave_up": 0, "postponed": 0}
    assert portal.cli.invoke(args=["webhooks", "add", receiver.url]).exit_code == 0
    with portal.app.app_context():
        ids = db.session.scalars(select(WebhookEndpoint.id).order_by(WebhookEndpoint.id)).all()
    assert ids == [first_id, first_id + 1]
    portal.post(example("west-sussex-transfer-in"))
    assert portal.send()["delivered"] == 1
    log = portal.cli.invoke(args=["webhooks", "log"]).stdout
    assert "EX-0001" in log and "endpoint removed" in log
