"""Getting in: link, passcode, lockout, expiry, revocation, sessions and headers."""

import datetime as dt

import pytest

from portal.models import AuditEvent, db
from portal.records import revoke_link
from tests.family.conftest import csrf_from
from tests.family.plans import CHILD_NAME, record

WRONG = "The passcode is not right. Check it and try again."
LOCKED = (
    "This link is locked for 15 minutes after 5 wrong passcodes. "
    "Try again later, or ask your social worker."
)


def wrong_for(passcode: str) -> str:
    digits = passcode.replace(" ", "")
    return f"{(int(digits) + 1) % 10**8:08d}"


def test_bare_link_redirects_to_the_plan_language(client, save_plan, make_link):
    plan_id = save_plan(record(language="ur"))
    _, token, _ = make_link(plan_id)
    response = client.get(f"/f/{token}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/ur/f/{token}"


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_passcode_page(get_page, save_plan, make_link, lang):
    plan_id = save_plan(record())
    _, token, _ = make_link(plan_id)
    soup = get_page(f"/{lang}/f/{token}")
    field = soup.select_one("input#passcode")
    assert field["inputmode"] == "numeric" and field["autocomplete"] == "off"
    assert soup.select_one("label[for=passcode]") is not None
    assert soup.select_one("form input[name=csrf_token]")["value"]
    assert soup.select_one("meta[name=robots]")["content"].startswith("noindex")
    assert CHILD_NAME not in str(soup)


@pytest.mark.parametrize(
    ("url", "lang"),
    [
        ("/f/made-up-token", "en"),
        ("/en/f/made-up-token", "en"),
        ("/ur/f/made-up-token", "ur"),
    ],
)
def test_unknown_link_is_the_same_404_as_any_other(get_page, url, lang):
    soup = get_page(url, status=404, lang=lang)
    any_404 = get_page(f"/{lang}/no-such-page", status=404)
    assert soup.h1.get_text() == any_404.h1.get_text()
    assert soup.select_one("main").get_text() == any_404.select_one("main").get_text()


def test_right_passcode_opens_the_plan(client, save_plan, make_link, enter_passcode, app):
    plan_id = save_plan(record())
    link_id, token, passcode = make_link(plan_id)
    response = enter_passcode(token, passcode)
    assert response.status_code == 303
    assert response.headers["Location"] == "/en/my-plan"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    with client.session_transaction() as session:
        assert session["family_link_id"] == link_id
        assert session.permanent
    assert client.get("/en/my-plan").status_code == 200
    with app.app_context():
        actions = [
            e.action
            for e in db.session.scalars(
                db.select(AuditEvent).where(AuditEvent.actor == f"family-link:{link_id}")
            )
        ]
    assert "family.passcode_ok" in actions and "family.view" in actions


def test_passcode_with_spaces_or_dashes_is_accepted(save_plan, make_link, enter_passcode):
    plan_id = save_plan(record())
    _, token, passcode = make_link(plan_id)
    assert enter_passcode(token, passcode.replace(" ", "-")).status_code == 303


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_wrong_passcode_says_so_and_shows_nothing_of_the_plan(
    client, save_plan, make_link, enter_passcode, words, lang
):
    plan_id = save_plan(record())
    _, token, passcode = make_link(plan_id)
    response = enter_passcode(token, wrong_for(passcode), lang)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert words(lang, WRONG) in html
    assert 'href="#passcode"' in html  # the error summary points at the field
    assert CHILD_NAME not in html
    with client.session_transaction() as session:
        assert "family_link_id" not in session


@pytest.mark.parametrize(
    ("entered", "message"),
    [
        ("", "Enter your passcode."),
        ("12 34", "The passcode has 8 numbers, like 1234 5678."),
    ],
)
def test_empty_or_short_passcode_is_not_counted(
    app, save_plan, make_link, enter_passcode, entered, message
):
    plan_id = save_plan(record())
    link_id, token, _ = make_link(plan_id)
    for _ in range(6):
        response = enter_passcode(token, entered)
        assert response.status_code == 200
        assert message in response.get_data(as_text=True)
    with app.app_context():
        from portal.models import FamilyLink

        assert db.session.get(FamilyLink, link_id).failed_attempts == 0


def test_five_wrong_passcodes_lock_this_link_for_15_minutes(
    client, app, save_plan, make_link, enter_passcode, now
):
    plan_id = save_plan(record())
    _, token, passcode = make_link(plan_id)
    _, other_token, other_passcode = make_link(plan_id, label="Father")
    for attempt in range(4):
        response = enter_passcode(token, wrong_for(passcode))
        assert response.status_code == 200, attempt
        assert WRONG in response.get_data(as_text=True)
    response = enter_passcode(token, wrong_for(passcode))
    assert response.status_code == 429
    assert LOCKED in response.get_data(as_text=True)

    # Even the right passcode is refused while the lock holds...
    assert enter_passcode(token, passcode).status_code == 429
    now(minutes=14)
    response = enter_passcode(token, passcode)
    assert response.status_code == 429
    assert CHILD_NAME not in response.get_data(as_text=True)

    # ...while another family member's link to the same plan still works.
    other = app.test_client()
    page = other.get(f"/en/f/{other_token}")
    response = other.post(
        f"/en/f/{other_token}",
        data={"csrf_token": csrf_from(page.get_data(as_text=True)), "passcode": other_passcode},
    )
    assert response.status_code == 303

    now(minutes=16)
    assert enter_passcode(token, passcode).status_code == 303


def test_expired_link_is_a_404_and_ends_an_open_session(client, sign_in, now, make_link):
    plan_id, _ = sign_in(record())
    _, token, _ = make_link(plan_id, days=30)
    assert client.get("/en/my-plan").status_code == 200
    now(days=31)
    assert client.get(f"/f/{token}").status_code == 404
    assert client.get(f"/en/f/{token}").status_code == 404
    response = client.get("/en/my-plan")
    assert response.status_code == 303
    assert response.headers["Location"] == "/en/my-plan/session-ended"
    with client.session_transaction() as session:
        assert "family_link_id" not in session


def test_revoked_link_is_a_404_and_ends_an_open_session(client, app, sign_in, make_link):
    from portal.models import FamilyLink

    _plan_id, link_id = sign_in(record())
    assert client.get("/en/my-plan").status_code == 200
    with app.app_context():
        revoke_link(db.session.get(FamilyLink, link_id), actor="test")
    for url in ("/en/my-plan", "/en/my-plan/young-person", "/en/my-plan/calendar/core-group-1.ics"):
        response = client.get(url)
        assert response.status_code == 303, url
        assert response.headers["Location"] == "/en/my-plan/session-ended"
    with client.session_transaction() as session:
        assert "family_link_id" not in session


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_session_ended_page(client, get_page, lang):
    response = client.get(f"/{lang}/my-plan")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/{lang}/my-plan/session-ended"
    soup = get_page(response.headers["Location"])
    assert soup.select_one("meta[name=robots]")["content"].startswith("noindex")


def test_sign_out_ends_the_session(client, sign_in, get_page):
    sign_in(record())
    soup = get_page("/en/my-plan")
    form = soup.select_one('form[action="/en/my-plan/sign-out"]')
    assert form["method"] == "post"
    token = form.select_one("input[name=csrf_token]")["value"]
    assert client.post("/en/my-plan/sign-out").status_code == 400  # no CSRF token
    response = client.post("/en/my-plan/sign-out", data={"csrf_token": token})
    assert response.status_code == 303
    assert response.headers["Location"] == "/en/my-plan/signed-out"
    get_page("/en/my-plan/signed-out")
    assert client.get("/en/my-plan").status_code == 303


def test_signing_out_ends_every_session_of_that_link_even_a_copied_cookie(
    app, client, save_plan, make_link, enter_passcode
):
    plan_id = save_plan(record())
    _, token, passcode = make_link(plan_id)
    enter_passcode(token, passcode)
    page = client.get("/en/my-plan")
    assert client.get("/en/my-plan").status_code == 200  # the second is answered from memory
    copied = client.get_cookie("session").value
    other_device = app.test_client()
    other_device.set_cookie("session", copied)
    assert other_device.get("/en/my-plan").status_code == 200

    client.post("/en/my-plan/sign-out", data={"csrf_token": csrf_from(page.get_data(as_text=True))})
    replay = app.test_client()
    replay.set_cookie("session", copied)
    assert replay.get("/en/my-plan").status_code == 303, "a copy of the old cookie is refused"
    assert other_device.get("/en/my-plan").status_code == 303, "and so is another device"

    # The passcode opens the plan again afterwards, on any device.
    assert enter_passcode(token, passcode).status_code == 303
    assert client.get("/en/my-plan").status_code == 200


def test_a_session_that_never_recorded_its_start_still_works_until_a_sign_out(client, sign_in):
    sign_in(record())
    with client.session_transaction() as session:
        del session["family_signed_in_at"]
    assert client.get("/en/my-plan").status_code == 200
    with client.session_transaction() as session:
        session["family_signed_in_at"] = "not a time"
    assert client.get("/en/my-plan").status_code == 200


def test_exit_this_page_ends_the_family_session(client, sign_in):
    sign_in(record())
    assert client.get("/exit").status_code == 303
    assert client.get("/en/my-plan").status_code == 303


def test_a_made_up_session_value_opens_nothing(client):
    with client.session_transaction() as session:
        session["family_link_id"] = "1 or 1=1"
    assert client.get("/en/my-plan").status_code == 303


def assert_private_headers(response):
    headers = response.headers
    assert headers["Cache-Control"] == "no-store"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Robots-Tag"] == "noindex, nofollow"
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp


def test_private_headers_on_every_family_response(client, save_plan, make_link, enter_passcode):
    plan_id = save_plan(record())
    _, token, passcode = make_link(plan_id)
    assert_private_headers(client.get(f"/en/f/{token}"))
    assert_private_headers(client.get("/en/f/not-a-real-token"))
    assert_private_headers(enter_passcode(token, wrong_for(passcode)))
    assert_private_headers(enter_passcode(token, passcode))
    for url in (
        "/en/my-plan",
        "/en/my-plan/young-person",
        "/en/my-plan/calendar/core-group-1.ics",
        "/en/my-plan/session-ended",
        "/calendar/not-a-real-token.ics",
    ):
        assert_private_headers(client.get(url))


def test_expiry_is_checked_against_the_link_time(app, save_plan, make_link, link_row, client):
    """A link whose end date has passed in the database stops at once (no clock tricks)."""
    plan_id = save_plan(record())
    link_id, token, _ = make_link(plan_id)
    link_row(link_id, expires_at=dt.datetime(2020, 1, 1))
    assert client.get(f"/f/{token}").status_code == 404
