"""A professional records a family member's reminder choice on the member's link."""

from bs4 import BeautifulSoup

from portal.models import AuditEvent, FamilyLink, db
from portal.models.outgoing import ReminderChoice
from portal.records import create_family_link, create_plan, revoke_link
from portal.workspace.auth import create_user, set_password
from tests.professional.conftest import PASSWORD, post, sign_in, unique
from tests.reminders.conftest import plan_record


def setup(app, *, revoked=False):
    """A worker's plan with one link for Mother; returns (client, reference, link id)."""
    with app.app_context():
        worker = create_user(f"{unique('worker')}@example.org", "social-worker")
        set_password(worker, PASSWORD)
        plan = create_plan(
            plan_record(), app.extensions["profiles"], actor="test", social_worker=worker
        )
        link = create_family_link(plan, "Mother", 30, actor="test").link
        if revoked:
            revoke_link(link, actor="test")
        db.session.commit()
        db.session.refresh(worker)
        db.session.expunge(worker)
        reference, link_id = plan.reference, link.id
    client = app.test_client()
    assert sign_in(client, worker).status_code == 302
    return client, reference, link_id


def url(reference, link_id=None):
    base = f"/en/professional/plans/{reference.replace('/', '~')}"
    return base if link_id is None else f"{base}/links/{link_id}/reminders"


def choices(app, link_id):
    with app.app_context():
        rows = db.session.query(ReminderChoice).filter_by(link_id=link_id).all()
        return {row.channel: (row.address, row.two_hours_before, row.chosen_by) for row in rows}


def test_recording_a_choice_from_the_plan_page(reminder_app):
    client, reference, link_id = setup(reminder_app)
    plan_page = client.get(url(reference)).get_data(as_text=True)
    soup = BeautifulSoup(plan_page, "html.parser")
    assert "Mother: no reminders" in " ".join(soup.select_one("#reminders + p + ul").text.split())
    href = soup.select_one("#reminders + p + ul a")["href"]
    assert href == url(reference, link_id)

    saved = post(
        client,
        href,
        {
            "mobile": "07700 900 321",
            "email": "Dee@Example.org",
            "two_hours": "yes",
            "agreed": "yes",
        },
    )
    assert saved.status_code == 302
    assert saved.headers["Location"].endswith("#reminders")
    assert choices(reminder_app, link_id) == {
        "sms": ("+447700900321", True, "professional"),
        "email": ("dee@example.org", False, "professional"),
    }
    html = client.get(url(reference)).get_data(as_text=True)
    assert "Reminders for Mother are recorded." in html
    assert "07•••••••21" in html and "d•••@example.org" in html
    assert "900321" not in html and "dee@" not in html
    page = client.get(href).get_data(as_text=True)
    assert "07•••••••21" in page and "900321" not in page and "dee@" not in page
    with reminder_app.app_context():
        actions = [e.action for e in db.session.query(AuditEvent).order_by(AuditEvent.id)]
    assert "reminders.choose" in actions and "professional.view_link_reminders" in actions


def test_errors_name_their_fields_and_nothing_is_stored(reminder_app):
    client, reference, link_id = setup(reminder_app)
    response = post(
        client,
        url(reference, link_id),
        {"mobile": "01782 000000", "email": "not an address"},
    )
    assert response.status_code == 422
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    summary = {a["href"]: a.text for a in soup.select(".govuk-error-summary a")}
    assert summary == {
        "#mobile": "Enter a UK mobile number, like 07700 900123",
        "#email": "Enter an email address, like name@example.com",
        "#agreed": "Confirm that Mother agreed to these reminders",
    }
    assert soup.select_one("#mobile")["value"] == "01782 000000"
    assert choices(reminder_app, link_id) == {}
    # A valid number still needs the member's agreement.
    response = post(client, url(reference, link_id), {"mobile": "07700900321"})
    assert response.status_code == 422
    assert choices(reminder_app, link_id) == {}
    empty = post(client, url(reference, link_id), {"agreed": "yes"})
    assert "Enter a mobile number or an email address" in empty.get_data(as_text=True)


def test_removing_all_reminders(reminder_app):
    client, reference, link_id = setup(reminder_app)
    post(client, url(reference, link_id), {"mobile": "07700900321", "agreed": "yes"})
    assert set(choices(reminder_app, link_id)) == {"sms"}
    removed = post(client, url(reference, link_id), {"action": "remove"})
    assert removed.status_code == 302
    assert choices(reminder_app, link_id) == {}
    assert "Reminders for Mother are removed." in client.get(url(reference)).get_data(as_text=True)


def test_csrf_is_required(reminder_app):
    client, reference, link_id = setup(reminder_app)
    response = client.post(url(reference, link_id), data={"mobile": "07700900321", "agreed": "yes"})
    assert response.status_code == 400
    assert choices(reminder_app, link_id) == {}


def test_only_the_plans_own_working_links(reminder_app):
    client, reference, link_id = setup(reminder_app)
    other_client, other_reference, other_link = setup(reminder_app)
    # Another plan's link through this plan's address: not found.
    assert client.get(url(reference, other_link)).status_code == 404
    # Another worker's plan: refused.
    assert client.get(url(other_reference, other_link)).status_code in (403, 404)
    assert other_client.get(url(reference, link_id)).status_code in (403, 404)
    revoked_client, revoked_reference, revoked_link = setup(reminder_app, revoked=True)
    page = revoked_client.get(url(revoked_reference, revoked_link)).get_data(as_text=True)
    assert "This link has stopped working" in page
    refused = post(
        revoked_client,
        url(revoked_reference, revoked_link),
        {"mobile": "07700900321", "agreed": "yes"},
    )
    assert refused.status_code == 409
    assert choices(reminder_app, revoked_link) == {}
    assert 'id="reminders"' not in revoked_client.get(url(revoked_reference)).get_data(as_text=True)


def test_without_senders_the_page_says_reminders_are_off(app, tmp_path):
    client, reference, link_id = setup(app)
    page = client.get(url(reference, link_id)).get_data(as_text=True)
    assert "Reminders by text message or email are not set up on this portal." in page
    assert 'name="mobile"' not in page
    assert (
        post(
            client, url(reference, link_id), {"mobile": "07700900321", "agreed": "yes"}
        ).status_code
        == 409
    )
    with app.app_context():
        assert db.session.get(FamilyLink, link_id) is not None


def test_a_label_with_markup_is_shown_as_text(reminder_app):
    """The label is a professional's free text: escaped on both pages and in the flash."""
    client, reference, link_id = setup(reminder_app)
    with reminder_app.app_context():
        db.session.get(FamilyLink, link_id).label = "<b>Mum</b><script>x()</script>"
        db.session.commit()
    page = client.get(url(reference, link_id)).get_data(as_text=True)
    assert "<script>x()" not in page and "&lt;script&gt;x()" in page
    post(client, url(reference, link_id), {"mobile": "07700900321", "agreed": "yes"})
    plan_page = client.get(url(reference)).get_data(as_text=True)
    assert "<script>x()" not in plan_page and "<b>Mum" not in plan_page
    assert "Reminders for &lt;b&gt;Mum&lt;/b&gt;" in plan_page
