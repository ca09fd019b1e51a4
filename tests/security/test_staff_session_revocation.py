"""Review finding 6: staff sessions could not be ended on the server.

A copy of a signed-in cookie kept working after sign-out and after a password reset,
and refreshed itself for ever. Now each session carries the user's session generation,
which sign-out, a new password and deactivation move on; and a session ends 12 hours
after sign-in however busy it is, besides the idle hour.
"""

import datetime as dt

from portal.models import User, db
from portal.workspace import auth
from tests.professional.conftest import post, sign_in

PLANS = "/en/professional/plans"


def _copy_cookie(app, client):
    """Another browser holding a copy of this one's session cookie."""
    name = app.config["SESSION_COOKIE_NAME"]
    value = client.get_cookie(name).value
    thief = app.test_client()
    thief.set_cookie(name, value)
    return thief


def _is_signed_out(response) -> bool:
    return response.status_code == 302 and "/professional/sign-in" in response.location


def test_staff_session_revocation_copied_cookie_after_sign_out(app, client, signed_in):
    signed_in("chair")
    thief = _copy_cookie(app, client)
    assert thief.get(PLANS).status_code == 200, "the copy works while signed in"
    post(client, "/en/professional/sign-out")
    assert _is_signed_out(thief.get(PLANS))
    assert _is_signed_out(client.get(PLANS))


def test_staff_session_revocation_after_a_new_password(app, client, signed_in):
    user = signed_in("chair")
    thief = _copy_cookie(app, client)
    with app.app_context():
        stored = db.session.get(User, user.id)
        token = auth.new_setup_token(stored)
        db.session.commit()
    other = app.test_client()
    page = other.get(f"/en/professional/set-password/{token}")
    assert page.status_code == 200
    new_password = "an entirely new password 2026"
    done = post(
        other,
        f"/en/professional/set-password/{token}",
        {"password": new_password, "confirm_password": new_password},
    )
    assert done.status_code == 302
    assert _is_signed_out(thief.get(PLANS))
    assert _is_signed_out(client.get(PLANS))
    # The new password opens a new session that works.
    fresh = app.test_client()
    assert sign_in(fresh, user, new_password).status_code == 302
    assert fresh.get(PLANS).status_code == 200


def test_staff_session_revocation_after_deactivation(app, client, signed_in, make_user):
    user = signed_in("chair")
    thief = _copy_cookie(app, client)
    patient_thief = _copy_cookie(app, client)
    admin_client = app.test_client()
    admin = make_user("admin")
    assert sign_in(admin_client, admin).status_code == 302
    post(admin_client, f"/en/professional/users/{user.id}/deactivate")
    assert _is_signed_out(thief.get(PLANS))
    with app.app_context():
        db.session.get(User, user.id).active = True  # even if it were switched back on
        db.session.commit()
    assert _is_signed_out(patient_thief.get(PLANS))


def test_staff_session_revocation_absolute_lifetime(app, client, make_user, monkeypatch):
    user = make_user("chair")
    start = auth.utcnow()
    clock = {"now": start}
    monkeypatch.setattr(auth, "utcnow", lambda: clock["now"])
    assert sign_in(client, user).status_code == 302
    # Busy all day: a page every 50 minutes, never idle for the hour.
    answers = []
    for step in range(1, 16):
        clock["now"] = start + dt.timedelta(minutes=50 * step)
        answers.append((step * 50 / 60, client.get(PLANS).status_code))
    open_until = max(hours for hours, status in answers if status == 200)
    assert 11 < open_until <= 12, answers
    assert all(status == 302 for hours, status in answers if hours > 12), answers
