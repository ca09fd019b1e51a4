"""A family member chooses, sees and stops reminders; the addresses in messages work."""

import re

import pytest

from portal.models import FamilyLink, db
from portal.models.outgoing import ReminderChoice
from portal.records import create_family_link, create_plan
from tests.family.conftest import csrf_from
from tests.reminders.conftest import plan_record


@pytest.fixture
def signed_in(reminder_app):
    """A client signed in with a new link of a new plan; returns (client, link id)."""

    def sign(language="en"):
        with reminder_app.app_context():
            plan = create_plan(
                plan_record(language=language), reminder_app.extensions["profiles"], actor="test"
            )
            new = create_family_link(plan, "Mother", 30, actor="test")
            token, passcode, link_id = new.token, new.passcode, new.link.id
        client = reminder_app.test_client()
        page = client.get(f"/{language}/f/{token}")
        entered = client.post(
            f"/{language}/f/{token}",
            data={"csrf_token": csrf_from(page.get_data(as_text=True)), "passcode": passcode},
        )
        assert entered.status_code == 303
        return client, link_id

    return sign


def choices(app, link_id):
    with app.app_context():
        rows = db.session.query(ReminderChoice).filter_by(link_id=link_id).all()
        return {row.channel: (row.address, row.two_hours_before, row.chosen_by) for row in rows}


def post(client, url, **form):
    page = client.get(url)
    return client.post(url, data={"csrf_token": csrf_from(page.get_data(as_text=True)), **form})


def test_the_plan_page_leads_to_reminders(signed_in):
    client, _ = signed_in()
    html = client.get("/en/my-plan").get_data(as_text=True)
    assert 'href="/en/my-plan/reminders"' in html


def test_choosing_text_messages_and_email(reminder_app, signed_in):
    client, link_id = signed_in()
    page = client.get("/en/my-plan/reminders").get_data(as_text=True)
    assert "It does not say your child" in page and "anything about the plan." in page
    saved = post(
        client,
        "/en/my-plan/reminders",
        mobile="07700 900 456",
        email=" Anna@Example.org ",
        two_hours="yes",
    )
    assert saved.status_code == 303
    assert choices(reminder_app, link_id) == {
        "sms": ("+447700900456", True, "family"),
        "email": ("anna@example.org", False, "family"),
    }
    html = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Your reminders are set up." in html
    # Shown back masked, never in full.
    assert "07•••••••56" in html and "a•••@example.org" in html
    assert "900456" not in html and "anna@" not in html


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"mobile": "01782 000000"}, "mobile", "Enter a UK mobile number, like 07700 900123"),
        ({"mobile": "+33 6 12 34 56 78"}, "mobile", "Enter a UK mobile number, like 07700 900123"),
        ({"email": "anna@"}, "email", "Enter an email address, like name@example.com"),
        ({}, "mobile", "Enter a mobile number or an email address"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(
    reminder_app, signed_in, form, field, message
):
    client, link_id = signed_in()
    response = post(client, "/en/my-plan/reminders", **{"mobile": "", "email": "", **form})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'<a href="#{field}">{message}</a>' in html
    assert f'id="{field}-error"' in html
    assert choices(reminder_app, link_id) == {}


def test_one_bad_field_stores_neither(reminder_app, signed_in):
    client, link_id = signed_in()
    response = post(client, "/en/my-plan/reminders", mobile="07700900123", email="not an address")
    assert response.status_code == 400
    assert choices(reminder_app, link_id) == {}


def test_errors_are_in_the_readers_language(signed_in):
    client, _ = signed_in("pl")
    html = post(client, "/pl/my-plan/reminders", mobile="123", email="").get_data(as_text=True)
    assert "Wpisz brytyjski numer komórkowy" in html


def test_stopping_is_one_step(reminder_app, signed_in):
    client, link_id = signed_in()
    post(client, "/en/my-plan/reminders", mobile="07700900123", email="anna@example.org")
    stopped = post(client, "/en/my-plan/reminders", action="stop-all")
    assert stopped.status_code == 303
    assert choices(reminder_app, link_id) == {}


def test_the_form_needs_its_csrf_token(reminder_app, signed_in):
    client, link_id = signed_in()
    response = client.post("/en/my-plan/reminders", data={"mobile": "07700900123"})
    assert response.status_code == 400
    assert choices(reminder_app, link_id) == {}


def test_without_senders_the_page_says_reminders_are_off(make_app):
    from portal.records import create_family_link as make_link

    app = make_app()
    with app.app_context():
        plan = create_plan(plan_record(), app.extensions["profiles"], actor="test")
        new = make_link(plan, "Mother", 30, actor="test")
    client = app.test_client()
    page = client.get(f"/en/f/{new.token}")
    client.post(
        f"/en/f/{new.token}",
        data={"csrf_token": csrf_from(page.get_data(as_text=True)), "passcode": new.passcode},
    )
    html = client.get("/en/my-plan/reminders").get_data(as_text=True)
    assert "Reminders by text message or email are not available here yet." in html
    assert 'name="mobile"' not in html


def test_the_stop_address_asks_then_stops_that_choice_only(reminder_app, signed_in):
    from portal.reminders.job import stop_url

    client, link_id = signed_in()
    post(client, "/en/my-plan/reminders", mobile="07700900123", email="anna@example.org")
    with reminder_app.app_context(), reminder_app.test_request_context():
        row = db.session.query(ReminderChoice).filter_by(link_id=link_id, channel="email").one()
        path = re.sub(r"^https://[^/]+", "", stop_url(row, "en"))
    other = reminder_app.test_client()  # a mail app: no session, no form token
    asked = other.get(path)
    assert asked.status_code == 200 and "Stop reminders" in asked.get_data(as_text=True)
    assert set(choices(reminder_app, link_id)) == {"sms", "email"}  # opening it stops nothing
    done = other.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "Reminders stopped" in done.get_data(as_text=True)
    assert set(choices(reminder_app, link_id)) == {"sms"}
    # A changed signature: its first character, which (unlike the last) carries only
    # signature bits, so the change can never decode to the same bytes.
    head, signature = path.rsplit(".", 1)
    tampered = f"{head}.{'B' if signature[0] == 'A' else 'A'}{signature[1:]}"
    assert other.get(tampered).status_code == 404


def test_an_old_stop_address_does_not_stop_a_new_choice(reminder_app, signed_in):
    from portal.reminders.job import stop_url

    client, link_id = signed_in()
    post(client, "/en/my-plan/reminders", email="anna@example.org")
    with reminder_app.app_context(), reminder_app.test_request_context():
        row = db.session.query(ReminderChoice).filter_by(link_id=link_id).one()
        old = re.sub(r"^https://[^/]+", "", stop_url(row, "en"))
    post(client, "/en/my-plan/reminders", action="stop-all")
    post(client, "/en/my-plan/reminders", email="anna@example.org")
    reminder_app.test_client().post(old)
    assert set(choices(reminder_app, link_id)) == {"email"}


def test_deleting_a_link_deletes_its_choices(reminder_app, signed_in):
    client, link_id = signed_in()
    post(client, "/en/my-plan/reminders", mobile="07700900123")
    with reminder_app.app_context():
        db.session.delete(db.session.get(FamilyLink, link_id))
        db.session.commit()
        assert db.session.query(ReminderChoice).count() == 0


def test_the_share_command_records_a_professionals_choice(reminder_app):
    with reminder_app.app_context():
        plan = create_plan(plan_record(), reminder_app.extensions["profiles"], actor="test")
        reference = plan.reference
    runner = reminder_app.test_cli_runner()
    bad = runner.invoke(
        args=["plans", "share", reference, "--for", "Father", "--remind-sms", "12345"]
    )
    assert bad.exit_code == 1 and "--remind-sms" in bad.output
    with reminder_app.app_context():
        assert db.session.query(FamilyLink).count() == 0  # nothing half-stored
    made = runner.invoke(
        args=["plans", "share", reference, "--for", "Father", "--remind-sms", "07700 900456"]
    )
    assert made.exit_code == 0, made.output
    assert '"reminders": [' in made.output
    with reminder_app.app_context():
        [row] = db.session.query(ReminderChoice).all()
        assert (row.channel, row.address, row.chosen_by) == ("sms", "+447700900456", "professional")


def test_logs_never_hold_a_reminders_details_or_stop_address():
    """Either address works like a family link (the details one opens the passcode
    page; the stop one ends a choice): both are cut out of log lines and logged paths."""
    from portal.logs import scrub

    details = "/r/WzIsImM4NmRkMzViNjQzN2E1MGQiXQ.HTKmNutcVYR3MAMzLcUZyVdi6BA"
    stop = "/pl/reminders/stop/WzEsIjA1YzE2MGFlMmM4MzE1MzVmYjM2YjAwNDgxM2YxZWQ5Il0.CvQ"
    line = scrub(f'"GET {details} HTTP/1.1" 302 and "POST {stop}?x=1 HTTP/1.1" 200')
    assert line == '"GET /r/… HTTP/1.1" 302 and "POST /pl/reminders/stop/…?x=1 HTTP/1.1" 200'


def test_an_error_on_a_details_address_logs_the_path_without_its_token(reminder_app):
    from portal.errors import SECRET_PATH

    path = "/ur/r/WzIsImM4NmRkMzViNjQzN2E1MGQiXQ.HTKmNutcVYR3MAMzLcUZyVdi6BA"
    assert SECRET_PATH.sub(r"/\1/…", path) == "/ur/r/…"
