"""A receiver cannot hold the sender up: each attempt has a wall-clock deadline, the
attempt is counted before connecting, and every attempt is signed with the time it is
made, not the time the run started."""

import datetime as dt
import json
import time

from sqlalchemy import select

from portal.models import db
from portal.models.outgoing import WebhookEndpoint
from portal.webhooks import sender
from tests.records.helpers import example
from tests.webhooks.receiver import TricklingReceiver
from tests.webhooks.test_webhooks import hook_app, portal, receiver, verify  # noqa: F401


def test_a_trickling_receiver_fails_in_time_and_an_honest_one_still_gets_its_notice(
    portal,  # noqa: F811
    receiver,  # noqa: F811
    monkeypatch,
):
    monkeypatch.setattr(sender, "ATTEMPT_SECONDS", 3)
    with TricklingReceiver() as slow:
        # The trickling endpoint is registered first, so its notice is tried first.
        assert portal.cli.invoke(args=["webhooks", "remove", receiver.url]).exit_code == 0
        assert portal.cli.invoke(args=["webhooks", "add", slow.url]).exit_code == 0
        added = portal.cli.invoke(args=["webhooks", "add", receiver.url])
        secret = added.stdout.strip().splitlines()[-1]
        portal.post(example("england-new-plan"))
        run_began = time.time()
        summary = portal.send()
        took = time.time() - run_began
        assert slow.requests == 1
    assert took < 3 + 2, f"the run took {took:.1f} s"
    assert summary == {"delivered": 1, "failed": 1, "gave_up": 0, "postponed": 0}
    with portal.app.app_context():
        slow_id = db.session.scalar(
            select(WebhookEndpoint.id).where(WebhookEndpoint.url == slow.url)
        )
    [slow_row] = [row for row in portal.deliveries() if row.endpoint_id == slow_id]
    [honest_row] = [row for row in portal.deliveries() if row.endpoint_id != slow_id]
    assert slow_row.id < honest_row.id  # tried first
    assert (slow_row.status, slow_row.attempts, slow_row.error) == ("pending", 1, "timed out")
    assert (honest_row.status, honest_row.attempts) == ("delivered", 1)
    [got] = receiver.state.received
    assert verify(secret, got.headers, got.body, time.time())
    # Signed when it was sent, after the trickling attempt's 3 s, not when the run began.
    assert int(got.headers["X-Portal-Timestamp"]) >= int(run_began) + 3
    sent_at = dt.datetime.fromisoformat(json.loads(got.body)["sent_at"])
    assert sent_at.timestamp() >= int(run_began) + 3


def test_an_attempt_is_counted_before_connecting(portal, receiver, monkeypatch):  # noqa: F811
    def cut_off(*args, **kwargs):
        raise KeyboardInterrupt  # the process stopped mid-attempt (a timeout kill)

    portal.post(example("england-new-plan"))
    monkeypatch.setattr(sender, "post", cut_off)
    result = portal.cli.invoke(args=["webhooks", "send"])
    assert result.exit_code != 0
    [row] = portal.deliveries()
    assert (row.status, row.attempts, row.error) == ("pending", 1, "attempt did not finish")
    assert row.next_attempt_at > row.last_attempt_at


def test_a_run_starts_no_attempt_once_its_time_is_spent(portal, receiver, monkeypatch):  # noqa: F811
    for name in ("england-new-plan", "stoke-fifteen-months"):
        portal.post(example(name))
    monkeypatch.setattr(sender, "RUN_SECONDS", -1)
    assert portal.send() == {"delivered": 0, "failed": 0, "gave_up": 0, "postponed": 2}
    assert receiver.state.received == []
    monkeypatch.setattr(sender, "RUN_SECONDS", 40)
    assert portal.send()["delivered"] == 2
