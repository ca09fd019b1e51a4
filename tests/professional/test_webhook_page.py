"""The administrators' webhooks page: add a receiver (its secret shown once), see what it
has been sent, remove it; refused addresses named in the form; administrators only."""

import re

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import delete, select

from portal.models import AuditEvent, db
from portal.models.outgoing import WebhookEndpoint
from portal.webhooks.sealing import unseal
from tests.professional.conftest import post

PAGE = "/en/professional/webhooks"
URL = "https://case.example.org/hooks/plans"


@pytest.fixture
def no_endpoints(app):
    def clear():
        with app.app_context():
            db.session.execute(delete(WebhookEndpoint))
            db.session.commit()

    clear()
    yield
    clear()  # the app is shared: leave no receiver for other tests' plan changes


def test_an_administrator_adds_and_removes_a_receiver(app, client, signed_in, no_endpoints):
    admin = signed_in("admin")
    page = client.get(PAGE)
    assert page.status_code == 200 and "No receivers are registered." in page.get_data(True)
    added = post(client, PAGE, {"url": f"  {URL} "})
    assert added.status_code == 200
    soup = BeautifulSoup(added.get_data(as_text=True), "html.parser")
    secret = soup.select_one("#signing-secret")["value"]
    assert re.fullmatch(r"[0-9a-f]{64}", secret)
    with app.app_context():
        endpoint = db.session.scalar(select(WebhookEndpoint))
        assert endpoint.url == URL
        assert unseal(endpoint.secret_sealed, app.secret_key, URL) == secret
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.actor == f"user:{admin.id}")
        ).all()
        assert "webhook.add" in actions
        endpoint_id = endpoint.id
    listed = client.get(PAGE).get_data(as_text=True)
    assert URL in listed and secret not in listed
    removed = post(client, f"{PAGE}/{endpoint_id}/remove")
    assert removed.status_code == 302
    assert "was removed" in client.get(PAGE).get_data(as_text=True)
    assert URL not in client.get(PAGE).get_data(as_text=True)
    with app.app_context():  # kept, marked removed, with its secret wiped
        gone = db.session.scalar(select(WebhookEndpoint))
        assert gone.removed_at is not None and gone.secret_sealed == ""
    assert post(client, f"{PAGE}/{endpoint_id}/remove").status_code == 404


@pytest.mark.parametrize(
    "address", ["http://case.example.org/hooks", "https://10.1.2.3/hooks", "not an address"]
)
def test_a_refused_address_is_named_in_the_form(client, signed_in, no_endpoints, address):
    signed_in("admin")
    response = post(client, PAGE, {"url": address})
    assert response.status_code == 422
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.select_one(".govuk-error-summary a")["href"] == "#url"
    assert "https://" in soup.select_one("#url-error").get_text()
    assert soup.select_one("#url")["value"] == address


def test_the_same_address_twice_is_refused(client, signed_in, no_endpoints):
    signed_in("admin")
    assert post(client, PAGE, {"url": URL}).status_code == 200
    again = post(client, PAGE, {"url": URL})
    assert again.status_code == 422 and "already registered" in again.get_data(as_text=True)


def test_only_administrators_see_it(client, signed_in):
    signed_in("manager")
    assert client.get(PAGE).status_code in (403, 404)
    assert post(client, PAGE, {"url": URL}).status_code in (403, 404)


def test_the_page_is_translated(client, signed_in, no_endpoints):
    signed_in("admin")
    page = client.get("/ur/professional/webhooks").get_data(as_text=True)
    assert "ویب ہُکس" in page and "Webhooks</h1>" not in page
