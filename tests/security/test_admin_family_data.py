"""Review finding 5: the admin role, which needs no family data, could reach it.

It could add a manager account and open its set-up link itself, or make a set-up link
for an existing manager and choose their password. Now a set-up link for an account
that can see plans is never shown on the web: an operator prints it with the CLI for
the person it is for. Both requests are audited.
"""

import re

import pytest
from sqlalchemy import select

from portal.models import AuditEvent, User, db
from portal.workspace.auth import PLAN_ROLES
from tests.professional.conftest import full_record, post, unique

SET_PASSWORD = re.compile(r"/[a-z]{2}/professional/set-password/[A-Za-z0-9_-]+")


def _audit(app, user_id: int) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(AuditEvent.actor, AuditEvent.action).where(
                AuditEvent.detail == f"user:{user_id}"
            )
        ).all()
    return [tuple(row) for row in rows]


@pytest.mark.parametrize("role", PLAN_ROLES)
def test_admin_reaches_family_data_by_making_itself_a_plan_account(
    app, client, signed_in, store_plan, role
):
    admin = signed_in("admin")
    plan = store_plan(full_record())
    email = f"{unique('alt')}@example.org"
    response = post(client, "/en/professional/users", {"email": email, "role": role})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert not SET_PASSWORD.search(html), "the set-up link was shown to the admin"
    assert "users setup-link" in html
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user.role == role and user.setup_token_hash is None and not user.password_hash
    assert (f"user:{admin.id}", "user.create") in _audit(app, user.id)
    assert (f"user:{admin.id}", "user.setup_link_held_back") in _audit(app, user.id)
    # The admin still cannot see the plan.
    assert client.get(f"/en/professional/plans/{plan['reference']}").status_code == 403


@pytest.mark.parametrize("role", PLAN_ROLES)
def test_admin_reaches_family_data_through_a_setup_link_it_made(
    app, client, signed_in, make_user, role
):
    admin = signed_in("admin")
    manager = make_user(role)
    response = post(client, f"/en/professional/users/{manager.id}/setup-link")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert not SET_PASSWORD.search(html), "the set-up link was shown to the admin"
    with app.app_context():
        stored = db.session.get(User, manager.id)
        assert stored.setup_token_hash is None, "no usable link exists to be taken"
        assert stored.password_hash == manager.password_hash
    assert (f"user:{admin.id}", "user.setup_link_held_back") in _audit(app, manager.id)


def test_admin_reaches_family_data_operator_still_prints_the_link(app, runner, make_user):
    manager = make_user("manager")
    result = runner.invoke(args=["users", "setup-link", manager.email])
    assert result.exit_code == 0
    assert SET_PASSWORD.search(result.output)
    assert ("cli", "user.setup_link") in _audit(app, manager.id)


def test_admin_reaches_family_data_admin_accounts_still_get_their_link(app, client, signed_in):
    signed_in("admin")
    email = f"{unique('admin2')}@example.org"
    html = post(client, "/en/professional/users", {"email": email, "role": "admin"}).get_data(
        as_text=True
    )
    assert SET_PASSWORD.search(html)
