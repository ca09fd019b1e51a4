"""Signing in and out: lockout, messages that reveal nothing, sessions, roles, CSRF."""

import datetime as dt

from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.models import AuditEvent, SignInFailure, User, db, utcnow
from tests.fixtures.pages import check_page
from tests.professional.conftest import (
    PASSWORD,
    csrf_token,
    minimal_record,
    post,
    sign_in,
    unique,
)

SIGN_IN = "/en/professional/sign-in"


def audit_actions(app, actor: str) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent.action).where(AuditEvent.actor == actor).order_by(AuditEvent.id)
            )
        )


def error_text(response) -> str:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    summary = soup.select_one(".govuk-error-summary")
    return " ".join(summary.get_text().split()) if summary else ""


def test_sign_in_page_is_private_and_complete(get_page, client):
    page = get_page(SIGN_IN)
    assert page.select_one("meta[name=robots]")["content"] == "noindex, nofollow"
    assert page.select_one("input#email[type=email]")
    assert page.select_one("input#password[type=password]")
    response = client.get(SIGN_IN)
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]


def test_sign_in_with_the_right_password(app, client, make_user):
    user = make_user()
    response = sign_in(client, user)
    assert response.status_code == 302
    assert response.location.endswith("/en/professional/plans")
    with client.session_transaction() as session:
        assert session["user_id"] == user.id
    assert "user.sign_in_ok" in audit_actions(app, f"user:{user.id}")


def test_sign_in_starts_a_new_session(client, make_user):
    user = make_user()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    sign_in(client, user)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["user_id"] == user.id


def test_email_is_not_case_sensitive(client, make_user):
    user = make_user()
    response = post(client, SIGN_IN, {"email": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_message(app, client, make_user):
    user = make_user()
    wrong = post(client, SIGN_IN, {"email": user.email, "password": "not the password"})
    unknown = post(client, SIGN_IN, {"email": "nobody@example.org", "password": "whatever it is"})
    assert wrong.status_code == unknown.status_code == 200
    assert error_text(wrong) and error_text(wrong) == error_text(unknown)
    with client.session_transaction() as session:
        assert "user_id" not in session
    assert audit_actions(app, f"user:{user.id}") == ["user.sign_in_wrong"]
    with app.app_context():
        anonymous = db.session.scalars(
            select(AuditEvent).where(AuditEvent.actor == "anonymous")
        ).all()
        assert anonymous[-1].action == "user.sign_in_wrong"
        # The email typed is never written to the log.
        assert all("nobody" not in (event.detail or "") for event in anonymous)


def test_missing_fields_are_named_and_linked(get_page, client):
    response = post(client, SIGN_IN, {"email": "", "password": ""})
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    links = [a["href"] for a in soup.select(".govuk-error-summary a")]
    assert links == ["#email", "#password"]
    assert soup.select_one("#email-error") and soup.select_one("#password-error")


def test_five_wrong_passwords_lock_the_account(app, client, make_user):
    user = make_user()
    for _ in range(4):
        post(client, SIGN_IN, {"email": user.email, "password": "wrong password!"})
    fifth = post(client, SIGN_IN, {"email": user.email, "password": "wrong password!"})
    with app.app_context():
        failure = db.session.scalar(select(SignInFailure).where(SignInFailure.user_id == user.id))
        locked_until = failure.locked_until
    assert locked_until is not None and locked_until > utcnow() + dt.timedelta(minutes=14)
    # Even the right password is refused now, with the same message as before.
    locked = sign_in(client, user)
    assert locked.status_code == 200
    assert error_text(locked) == error_text(fifth)
    assert audit_actions(app, f"user:{user.id}")[-1] == "user.sign_in_locked"
    # After the 15 minutes, the right password works again.
    with app.app_context():
        failure = db.session.scalar(select(SignInFailure).where(SignInFailure.user_id == user.id))
        failure.locked_until = utcnow() - dt.timedelta(seconds=1)
        db.session.commit()
    assert sign_in(client, user).status_code == 302


def test_a_deactivated_account_cannot_sign_in(app, client, make_user):
    user = make_user()
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    assert sign_in(client, user).status_code == 200


def test_pages_need_signing_in_and_come_back_after(client, make_user):
    response = client.get("/en/professional/plans")
    assert response.status_code == 302
    assert "/en/professional/sign-in?next=" in response.location
    user = make_user()
    signed = post(
        client,
        SIGN_IN,
        {"email": user.email, "password": PASSWORD, "next": "/en/professional/plans/new"},
    )
    assert signed.location.endswith("/en/professional/plans/new")


def test_next_never_leads_to_another_site(client, make_user):
    user = make_user()
    for target in ("https://evil.example/", "//evil.example/x", "/en/guides"):
        post(client, "/en/professional/sign-out")
        response = post(
            client, SIGN_IN, {"email": user.email, "password": PASSWORD, "next": target}
        )
        assert response.location.endswith("/en/professional/plans"), target


def test_idle_sessions_expire(get_page, client, make_user):
    user = make_user()
    sign_in(client, user)
    with client.session_transaction() as session:
        session["seen_at"] -= 2 * 60 * 60
    response = client.get("/en/professional/plans")
    assert response.status_code == 302
    assert "expired=1" in response.location
    with client.session_transaction() as session:
        assert "user_id" not in session
    page = get_page(response.location.replace("http://localhost", ""))
    assert "had not used the workspace for an hour" in page.select_one("main").get_text()


def test_each_request_keeps_the_session_alive(client, make_user):
    sign_in(client, make_user())
    with client.session_transaction() as session:
        session["seen_at"] -= 50 * 60
        before = session["seen_at"]
    assert client.get("/en/professional/plans").status_code == 200
    with client.session_transaction() as session:
        assert session["seen_at"] >= before + 50 * 60 - 5
        assert session.permanent


def test_sign_out_ends_the_session(app, client, make_user):
    user = make_user()
    sign_in(client, user)
    assert client.get("/en/professional/sign-out").status_code == 405
    response = post(client, "/en/professional/sign-out")
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert "user_id" not in session
    assert client.get("/en/professional/plans").status_code == 302
    assert "user.sign_out" in audit_actions(app, f"user:{user.id}")


def test_roles_keep_to_their_own_pages(client, get_page, signed_in):
    signed_in("admin")
    page = get_page("/en/professional/plans", status=403)
    assert page.select_one("h1").get_text() == "You cannot use this page"
    assert client.get("/en/professional/plans").headers["Cache-Control"] == "no-store"
    assert client.get("/en/professional/users").status_code == 200
    post(client, "/en/professional/sign-out")
    signed_in("social-worker")
    assert client.get("/en/professional/users").status_code == 403
    assert client.get("/en/professional/plans").status_code == 200


def test_csrf_is_enforced(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    email = f"{unique('csrf')}@example.org"
    response = client.post(SIGN_IN, data={"email": email, "password": "x" * 12})
    assert response.status_code == 400
    assert "Your changes have not been saved" in response.get_data(as_text=True)
    response = client.post("/en/professional/sign-out")
    assert response.status_code == 400
    with app.app_context():
        assert (
            db.session.scalars(select(AuditEvent).where(AuditEvent.actor == "anonymous")).all()
            == []
        )


def test_a_form_sent_after_the_session_ended_explains_itself(client, make_user, store_plan):
    user = make_user()
    plan = store_plan(minimal_record(), owner=user)
    sign_in(client, user)
    token = csrf_token(client)
    client.delete_cookie("session")  # what an hour without a request does to the cookie
    response = client.post(
        f"/en/professional/plans/{plan['reference']}/links",
        data={"csrf_token": token, "label": "Mother", "days": "30"},
    )
    assert response.status_code == 400
    page = check_page(response.get_data(as_text=True), "en")
    assert page.select_one("h1").get_text() == "Your changes have not been saved"
    assert response.headers["Cache-Control"] == "no-store"
