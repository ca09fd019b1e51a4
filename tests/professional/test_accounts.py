"""Accounts: the users CLI, set-up links and the administrators' users page."""

import datetime as dt
import re

from sqlalchemy import select

from portal.models import AuditEvent, User, db, utcnow
from portal.records import hash_token
from portal.records.secrets import verify_secret
from tests.professional.conftest import PASSWORD, post, sign_in, unique


def user_by_email(app, email: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


def setup_path(output: str) -> str:
    match = re.search(r"(/[a-z]{2}/professional/set-password/[A-Za-z0-9_-]+)", output)
    assert match, output
    return match.group(1)


def test_create_with_a_password_typed_twice(app, runner):
    email = f"{unique('cli')}@example.org"
    result = runner.invoke(
        args=["users", "create", email, "--role", "chair"],
        input="too short\ntoo short\n" + f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "at least 12 characters" in result.output
    assert PASSWORD not in result.output
    user = user_by_email(app, email)
    assert user.role == "chair" and user.active
    assert user.password_hash.startswith("$argon2")
    assert verify_secret(user.password_hash, PASSWORD)


def test_the_two_passwords_must_match(app, runner):
    email = f"{unique('cli')}@example.org"
    result = runner.invoke(
        args=["users", "create", email, "--role", "manager"],
        input=f"{PASSWORD}\ndifferent password!\n{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output
    assert verify_secret(user_by_email(app, email).password_hash, PASSWORD)


def test_bad_role_and_duplicate_email_fail(app, runner, make_user):
    user = make_user()
    result = runner.invoke(args=["users", "create", "x@example.org", "--role", "boss"])
    assert result.exit_code != 0
    result = runner.invoke(args=["users", "create", user.email, "--role", "chair", "--setup-link"])
    assert result.exit_code == 1
    assert "already an account" in result.output
    assert user_by_email(app, user.email).role == "social-worker"


def test_setup_link_sets_a_password_once(app, runner, client, get_page):
    email = f"{unique('link')}@example.org"
    result = runner.invoke(
        args=["users", "create", email, "--role", "social-worker", "--setup-link"]
    )
    assert result.exit_code == 0, result.output
    path = setup_path(result.output)
    token = path.rsplit("/", 1)[1]
    user = user_by_email(app, email)
    assert user.password_hash is None
    assert user.setup_token_hash == hash_token(token)
    assert token not in user.setup_token_hash
    assert user.setup_expires_at > utcnow() + dt.timedelta(hours=71)

    page = get_page(path)
    assert email in page.select_one("main").get_text()
    short = post(client, path, {"password": "short", "confirm_password": "short"})
    assert short.status_code == 200 and "at least 12 characters" in short.get_data(as_text=True)
    mismatch = post(client, path, {"password": PASSWORD, "confirm_password": PASSWORD + "!"})
    assert "not the same" in mismatch.get_data(as_text=True)
    assert user_by_email(app, email).password_hash is None

    done = post(client, path, {"password": PASSWORD, "confirm_password": PASSWORD})
    assert done.status_code == 302 and done.location.endswith("/en/professional/sign-in")
    user = user_by_email(app, email)
    assert verify_secret(user.password_hash, PASSWORD)
    assert user.setup_token_hash is None
    get_page(path, status=404)  # used once: it no longer works
    assert sign_in(client, user).status_code == 302


def test_an_expired_setup_link_does_not_work(app, runner, get_page):
    email = f"{unique('old')}@example.org"
    result = runner.invoke(args=["users", "create", email, "--role", "chair", "--setup-link"])
    path = setup_path(result.output)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        user.setup_expires_at = utcnow() - dt.timedelta(minutes=1)
        db.session.commit()
    page = get_page(path, status=404)
    assert "does not work" in page.select_one("h1").get_text()
    get_page("/en/professional/set-password/made-up-token", status=404)


def test_list_and_deactivate(app, runner, client, make_user):
    user = make_user("manager")
    listed = runner.invoke(args=["users", "list"])
    assert f"{user.email}\tmanager\tactive" in listed.output
    result = runner.invoke(args=["users", "deactivate", user.email])
    assert result.exit_code == 0
    assert not user_by_email(app, user.email).active
    assert f"{user.email}\tmanager\tdeactivated" in runner.invoke(args=["users", "list"]).output
    assert sign_in(client, user).status_code == 200
    assert runner.invoke(args=["users", "deactivate", "nobody@example.org"]).exit_code == 1


def test_deactivating_ends_a_session_at_once(app, client, signed_in):
    user = signed_in("manager")
    assert client.get("/en/professional/plans").status_code == 200
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    assert client.get("/en/professional/plans").status_code == 302


def test_admin_adds_a_user_with_a_setup_link(app, client, get_page, signed_in):
    signed_in("admin")
    page = get_page("/en/professional/users")
    assert page.select_one("form [name=email]") and page.select_one("select#role")
    email = f"{unique('web')}@example.org"
    response = post(client, "/en/professional/users", {"email": email, "role": "admin"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    path = setup_path(html)
    assert user_by_email(app, email).setup_token_hash == hash_token(path.rsplit("/", 1)[1])
    # Shown once: the users page itself never shows a link again.
    assert "set-password" not in get_page("/en/professional/users").select_one("main").decode()


def test_admin_form_errors(app, client, signed_in, make_user):
    signed_in("admin")
    existing = make_user()
    for data, field in (
        ({"email": "not an email", "role": "chair"}, "email"),
        ({"email": f"{unique('r')}@example.org", "role": ""}, "role"),
        ({"email": existing.email, "role": "chair"}, "email"),
    ):
        response = post(client, "/en/professional/users", data)
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert f'href="#{field}"' in html and f'id="{field}-error"' in html


def test_admin_deactivates_others_but_not_themselves(app, client, signed_in, make_user):
    admin = signed_in("admin")
    other = make_user()
    post(client, f"/en/professional/users/{other.id}/deactivate")
    assert not user_by_email(app, other.email).active
    response = post(client, f"/en/professional/users/{admin.id}/deactivate")
    assert response.status_code == 302
    assert user_by_email(app, admin.email).active
    assert post(client, "/en/professional/users/999999/deactivate").status_code == 404
    assert post(client, f"/en/professional/users/{'9' * 30}/deactivate").status_code == 404


def test_admin_makes_a_new_setup_link_and_the_old_one_stops_working(
    app, client, get_page, signed_in
):
    signed_in("admin")
    email = f"{unique('again')}@example.org"
    first = setup_path(
        post(client, "/en/professional/users", {"email": email, "role": "admin"}).get_data(
            as_text=True
        )
    )
    user = user_by_email(app, email)
    page = get_page("/en/professional/users")
    action = f"/en/professional/users/{user.id}/setup-link"
    button = page.select_one(f"form[action='{action}'] button")
    assert email in button.get_text(), "each button names its account for screen readers"

    response = post(client, action)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "New set-up link" in html and "Any earlier set-up link no longer works" in html
    second = setup_path(html)
    assert second != first
    get_page(first, status=404)
    get_page(second)
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.detail == f"user:{user.id}")
        ).all()
    assert "user.setup_link" in events


def test_a_new_setup_link_lets_someone_who_forgot_their_password_choose_another(
    app, client, signed_in, make_user
):
    signed_in("admin")
    forgetful = make_user("admin")
    html = post(client, f"/en/professional/users/{forgetful.id}/setup-link").get_data(as_text=True)
    assert "current password still works" in html
    path = setup_path(html)
    new_password = "a brand new password 2026"
    other = app.test_client()
    assert sign_in(other, forgetful).status_code == 302, "the old password works until then"
    post(other, "/en/professional/sign-out")
    done = post(other, path, {"password": new_password, "confirm_password": new_password})
    assert done.status_code == 302
    assert sign_in(other, forgetful).status_code == 200, "the old password no longer works"
    assert sign_in(other, forgetful, new_password).status_code == 302


def test_only_admins_make_setup_links_and_only_for_active_accounts(
    app, client, signed_in, make_user
):
    other = make_user()
    signed_in("manager")
    assert post(client, f"/en/professional/users/{other.id}/setup-link").status_code == 403
    signed_in("admin")
    with app.app_context():
        db.session.get(User, other.id).active = False
        db.session.commit()
    assert post(client, f"/en/professional/users/{other.id}/setup-link").status_code == 404
    assert post(client, "/en/professional/users/999999/setup-link").status_code == 404
    assert user_by_email(app, other.email).setup_token_hash is None


def test_cli_prints_a_new_setup_link(app, runner, client, make_user):
    user = make_user("chair")
    result = runner.invoke(args=["users", "setup-link", user.email, "--lang", "pl"])
    assert result.exit_code == 0, result.output
    path = setup_path(result.output)
    assert path.startswith("/pl/professional/set-password/")
    assert user_by_email(app, user.email).setup_token_hash == hash_token(path.rsplit("/", 1)[1])
    assert runner.invoke(args=["users", "setup-link", "nobody@example.org"]).exit_code == 1
    bad_language = runner.invoke(args=["users", "setup-link", user.email, "--lang", "xx"])
    assert bad_language.exit_code == 2
    assert runner.invoke(args=["users", "deactivate", user.email]).exit_code == 0
    assert runner.invoke(args=["users", "setup-link", user.email]).exit_code == 1


def test_cli_refuses_an_unknown_language_before_adding_anyone(app, runner):
    email = f"{unique('lang')}@example.org"
    result = runner.invoke(
        args=["users", "create", email, "--role", "chair", "--setup-link", "--lang", "xx"]
    )
    assert result.exit_code == 2
    assert user_by_email(app, email) is None
