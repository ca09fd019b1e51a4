"""Webhooks against a real receiver on 127.0.0.1: registration, the outbox written with
each change, signed delivery, retry after a failure, giving up, the delivery log, no
plan content in any notice, and addresses that must be refused."""

import datetime as dt
import hashlib
import hmac
import json
import socket

import pytest
from sqlalchemy import select

from portal.models import db
from portal.models.outgoing import WebhookDelivery, WebhookEndpoint
from portal.webhooks.addresses import AddressRefused, check_url, resolve
from portal.webhooks.sealing import SecretUnreadable, unseal
from portal.webhooks.sender import MAX_ATTEMPTS
from tests.api.conftest import make_key
from tests.records.helpers import example, migrated_app, wipe_database
from tests.webhooks.receiver import Receiver

PLANS = "/api/v1/plans"


def verify(secret: str, headers: dict, body: bytes, now: float, tolerance: int = 300) -> bool:
    """What a receiver does (the same check as the snippet in docs/api.md)."""
    timestamp = headers["X-Portal-Timestamp"]
    if abs(now - int(timestamp)) > tolerance:
        return False
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return hmac.compare_digest("sha256=" + expected.hexdigest(), headers["X-Portal-Signature"])


@pytest.fixture(scope="module")
def hook_app(app, tmp_path_factory):
    return migrated_app(tmp_path_factory.mktemp("hooks"), PORTAL_WEBHOOKS_ALLOW_LOCAL_HTTP=True)


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


class Portal:
    def __init__(self, app, receiver):
        self.app = app
        self.client = app.test_client()
        self.cli = app.test_cli_runner()
        with app.app_context():
            wipe_database()
        self.headers = {"Authorization": f"Bearer {make_key(app)}"}
        added = self.cli.invoke(args=["webhooks", "add", receiver.url])
        assert added.exit_code == 0, added.output
        self.secret = added.stdout.strip().splitlines()[-1]

    def post(self, record):
        response = self.client.post(PLANS, json=record, headers=self.headers)
        assert response.status_code == 201, response.get_json()
        return response

    def send(self, now: dt.datetime | None = None) -> dict:
        args = ["webhooks", "send"] + (["--now", now.isoformat()] if now else [])
        result = self.cli.invoke(args=args)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout.strip().splitlines()[-1])

    def deliveries(self) -> list[WebhookDelivery]:
        with self.app.app_context():
            rows = list(db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))
            db.session.expunge_all()
            return rows


@pytest.fixture
def portal(hook_app, receiver):
    return Portal(hook_app, receiver)


def test_a_change_is_delivered_signed_and_logged(portal, receiver):
    portal.post(example("england-new-plan"))
    summary = portal.send()
    assert summary == {"delivered": 1, "failed": 0, "gave_up": 0, "postponed": 0}
    [got] = receiver.state.received
    assert got.path == "/hooks/plans"
    assert got.headers["Content-Type"] == "application/json"
    assert verify(portal.secret, got.headers, got.body, dt.datetime.now(dt.UTC).timestamp())
    notice = json.loads(got.body)
    assert notice["kind"] == "created" and notice["reference"] == "EX-0001"
    assert notice["version"] == 1 and "child" in notice["changed"]
    assert notice["delivery_id"] == got.headers["X-Portal-Delivery"]
    [row] = portal.deliveries()
    assert (row.status, row.attempts, row.last_status_code) == ("delivered", 1, 200)
    assert row.delivered_at is not None and row.last_attempt_at is not None
    # Sent once: a second run has nothing to do.
    assert portal.send()["delivered"] == 0 and len(receiver.state.received) == 1


def test_the_verification_snippet_in_the_docs_accepts_a_real_notice(portal, receiver):
    from portal.config import ROOT

    docs = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    snippet = docs.split("**Verifying a notice.**", 1)[1].split("```python\n", 1)[1]
    namespace: dict = {}
    exec(snippet.split("```", 1)[0], namespace)  # noqa: S102 - our own documentation
    portal.post(example("england-new-plan"))
    portal.send()
    [got] = receiver.state.received
    assert namespace["verify"](portal.secret, got.headers, got.body)
    assert not namespace["verify"](portal.secret, got.headers, got.body + b" ")


def test_a_tampered_or_replayed_notice_fails_the_check(portal, receiver):
    portal.post(example("england-new-plan"))
    portal.send()
    [got] = receiver.state.received
    now = dt.datetime.now(dt.UTC).timestamp()
    assert not verify(portal.secret, got.headers, got.body.replace(b"EX-0001", b"EX-0002"), now)
    assert not verify("another secret", got.headers, got.body, now)
    assert not verify(portal.secret, got.headers, got.body, now + 3600)  # an old notice again


def test_a_receiver_failure_is_retried_later_with_backoff(portal, receiver):
    receiver.state.answers = [500]
    portal.post(example("england-new-plan"))
    start = dt.datetime(2030, 1, 1, 9, 0)
    assert portal.send(start)["failed"] == 1
    [row] = portal.deliveries()
    assert (row.status, row.attempts, row.last_status_code) == ("pending", 1, 500)
    assert row.error == "answered 500"
    assert row.next_attempt_at == start + dt.timedelta(minutes=1)
    assert portal.send(start + dt.timedelta(seconds=30))["delivered"] == 0  # not due yet
    assert portal.send(start + dt.timedelta(minutes=1))["delivered"] == 1
    [row] = portal.deliveries()
    assert (row.status, row.attempts, row.last_status_code) == ("delivered", 2, 200)
    first, second = receiver.state.received
    # The same notice, the same delivery id, signed afresh.
    assert json.loads(first.body)["delivery_id"] == json.loads(second.body)["delivery_id"]
    assert first.headers["X-Portal-Timestamp"] != second.headers["X-Portal-Timestamp"]


def test_it_gives_up_after_the_last_try(portal, receiver):
    receiver.state.answers = [503] * 50
    portal.post(example("england-new-plan"))
    moment = dt.datetime(2030, 1, 1, 9, 0)
    outcomes = []
    for _ in range(MAX_ATTEMPTS + 2):
        summary = portal.send(moment)
        outcomes.append(next((k for k, v in summary.items() if v), None))
        moment += dt.timedelta(days=1)
    assert outcomes == ["failed"] * (MAX_ATTEMPTS - 1) + ["gave_up", None, None]
    [row] = portal.deliveries()
    assert (row.status, row.attempts) == ("gave-up", MAX_ATTEMPTS)
    assert len(receiver.state.received) == MAX_ATTEMPTS


def test_a_failing_endpoint_waits_while_another_gets_every_notice(portal, receiver, monkeypatch):
    monkeypatch.setattr("portal.webhooks.sender.BATCH", 2)  # several batches in one run
    with Receiver() as failing:
        failing.state.answers = [500] * 10
        assert portal.cli.invoke(args=["webhooks", "add", failing.url]).exit_code == 0
        for name in ("england-new-plan", "stoke-fifteen-months", "greenwich-ended"):
            portal.post(example(name))
        summary = portal.send(dt.datetime(2030, 1, 1, 9, 0))
        assert len(failing.state.received) == 1  # tried once, then left for the next run
    assert summary == {"delivered": 3, "failed": 1, "gave_up": 0, "postponed": 2}
    assert [json.loads(r.body)["reference"] for r in receiver.state.received] == [
        "EX-0001",
        "EX-0002",
        "EX-0003",
    ]


def leaf_strings(value) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(leaf_strings(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(leaf_strings(v) for v in value)) if value else set()
    return {value} if isinstance(value, str) else set()


def test_no_notice_carries_plan_content(portal, receiver):
    record = example("stoke-fifteen-months")
    portal.post(record)
    changed = json.loads(json.dumps(record))
    changed["child"]["first_name"] = "Zuzanna"
    changed["concerns"] = ["Zuzanna was left alone at night while her mother worked."]
    answer = portal.client.put(
        f"{PLANS}/{record['reference']}", json=changed, headers={**portal.headers, "If-Match": "*"}
    )
    assert answer.status_code == 200
    with portal.app.app_context():
        from portal.records import delete_plan

        delete_plan(record["reference"], actor="test")
    assert portal.send()["delivered"] == 3
    kinds = [json.loads(r.body)["kind"] for r in receiver.state.received]
    assert kinds == ["created", "updated", "deleted"]
    updated = json.loads(receiver.state.received[1].body)
    assert updated["changed"] == ["child", "concerns"] and updated["version"] == 2
    values = (leaf_strings(record) | leaf_strings(changed)) - {record["reference"]}
    assert "Zuzanna" in values and len(values) > 20
    for got in receiver.state.received:
        text = got.body.decode()
        # No value is sent, and no longer value is even part of what is sent (short
        # codes like "en" are inside ordinary words such as "sent_at").
        assert leaf_strings(json.loads(text)) & values == set()
        assert [v for v in values if len(v) >= 4 and v in text] == []
        assert set(json.loads(text)) == {
            "delivery_id",
            "kind",
            "reference",
            "version",
            "changed",
            "changed_at",
            "sent_at",
        }


def test_the_outbox_is_written_only_with_a_stored_change(portal):
    portal.post(example("england-new-plan"))
    same = portal.client.put(
        f"{PLANS}/EX-0001",
        json=example("england-new-plan"),
        headers={**portal.headers, "If-Match": '"1"'},
    )
    assert same.status_code == 200
    broken = example("greenwich-ended")
    broken["categories"] = []
    refused = portal.client.post(PLANS, json=broken, headers=portal.headers)
    assert refused.status_code == 422
    assert [(d.reference, d.kind) for d in portal.deliveries()] == [("EX-0001", "created")]


def test_the_secret_is_sealed_and_opens_only_with_the_portals_key(portal):
    with portal.app.app_context():
        endpoint = db.session.scalar(select(WebhookEndpoint))
        assert portal.secret not in endpoint.secret_sealed
        key = portal.app.secret_key
        assert unseal(endpoint.secret_sealed, key, endpoint.url) == portal.secret
        with pytest.raises(SecretUnreadable):
            unseal(endpoint.secret_sealed, key + "x", endpoint.url)
        with pytest.raises(SecretUnreadable):
            unseal(endpoint.secret_sealed, key, "https://elsewhere.example/hook")


def test_list_and_remove(portal, receiver):
    portal.post(example("england-new-plan"))
    listed = portal.cli.invoke(args=["webhooks", "list", "--json"])
    [item] = json.loads(listed.stdout)
    assert (item["url"], item["pending"], item["delivered"]) == (receiver.url, 1, 0)
    assert "secret" not in listed.stdout.lower() and portal.secret not in listed.stdout
    removed = portal.cli.invoke(args=["webhooks", "remove", receiver.url])
    assert removed.exit_code == 0
    [row] = portal.deliveries()  # kept in the delivery log, never sent
    assert (row.status, row.error, row.attempts) == ("gave-up", "endpoint removed", 0)
    assert json.loads(portal.cli.invoke(args=["webhooks", "list", "--json"]).stdout) == []
    again = portal.cli.invoke(args=["webhooks", "remove", receiver.url])
    assert again.exit_code == 1 and "no webhook" in again.output


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://example.org/hook", "https://"),
        ("ftp://example.org/hook", "https://"),
        ("https://192.168.1.5/hook", "private"),
        ("https://10.0.0.1/hook", "private"),
        ("https://[::1]/hook", "private"),
        ("https://169.254.169.254/latest", "private"),
        ("https://localhost/hook", "private"),
        ("https://user:pw@example.org/hook", "user name"),
        ("https://", "no host"),
    ],
)
def test_addresses_that_could_reach_inside_are_refused(url, why):
    with pytest.raises(AddressRefused, match=why):
        check_url(url, allow_local_http=True)


def test_local_http_needs_the_setting(tmp_path):
    with pytest.raises(AddressRefused, match="PORTAL_WEBHOOKS_ALLOW_LOCAL_HTTP"):
        check_url("http://127.0.0.1:8000/hook", allow_local_http=False)
    app = migrated_app(tmp_path)
    result = app.test_cli_runner().invoke(args=["webhooks", "add", "http://127.0.0.1:9/x"])
    assert result.exit_code == 1 and "PORTAL_WEBHOOKS_ALLOW_LOCAL_HTTP" in result.output


def test_a_name_that_resolves_to_a_private_address_is_refused_when_sending(monkeypatch):
    def private(host, port, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))]

    monkeypatch.setattr(socket, "getaddrinfo", private)
    check_url("https://hooks.example.org/x", allow_local_http=False)  # a name: fine so far
    with pytest.raises(AddressRefused, match="private"):
        resolve("https://hooks.example.org/x", allow_local_http=False)


def test_the_setting_is_refused_in_production(tmp_path):
    from portal.config import Settings

    environ = {
        "PORTAL_ENV": "production",
        "SECRET_KEY": "k" * 40,
        "PORTAL_BASE_URL": "https://plans.example.gov.uk",
        "PORTAL_WEBHOOKS_ALLOW_LOCAL_HTTP": "1",
        "PORTAL_INSTANCE_DIR": str(tmp_path),
    }
    with pytest.raises(RuntimeError, match="PORTAL_WEBHOOKS_ALLOW_LOCAL_HTTP"):
        Settings.load(environ)
