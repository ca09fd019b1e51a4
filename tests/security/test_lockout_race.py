"""Review finding 3: the 5-try lockouts hold when the guesses arrive all at once.

Each guess is a real request, in its own session with its own CSRF token, and they are
released together from a barrier, on SQLite and on PostgreSQL. At most five may be
checked before the lock; the audit log counts the ones that were.
"""

import threading

from sqlalchemy import func, select

from portal.models import AuditEvent, SignInFailure, User, db
from portal.records import create_family_link, create_plan
from portal.workspace.auth import create_user, set_password
from tests.family.conftest import csrf_from
from tests.records.helpers import example

GUESSES = 20
PASSWORD = "correct horse battery staple"


def _all_at_once(app, path: str, forms: list[dict]) -> list[int]:
    """POST each form from its own client (each opens the form first, for its own CSRF
    token), all released at the same moment. Each in a thread of its own, as a request
    is on a threaded server: nothing of one request's context is shared."""
    barrier = threading.Barrier(len(forms))
    statuses: list[int | None] = [None] * len(forms)

    def guess(i: int) -> None:
        client = app.test_client()
        page = client.get(path)
        form = {**forms[i], "csrf_token": csrf_from(page.get_data(as_text=True))}
        barrier.wait()
        statuses[i] = client.post(path, data=form).status_code

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(len(forms))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def _count(actor: str, action: str) -> int:
    db.session.remove()
    return db.session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.actor == actor, AuditEvent.action == action)
    )


def test_lockouts_can_be_raced_family_passcode(store):
    plan = create_plan(example("england-new-plan"), store.extensions["profiles"], actor="test")
    new = create_family_link(plan, "Mother", 30, actor="test")
    link_id, token = new.link.id, new.token
    wrong = [{"passcode": f"{11110000 + i:08d}"} for i in range(GUESSES)]
    statuses = _all_at_once(store, f"/en/f/{token}", wrong)
    assert set(statuses) <= {200, 429}, statuses
    checked = _count(f"family-link:{link_id}", "family.passcode_wrong")
    assert checked <= 5, f"{checked} guesses were checked before the lock"
    assert checked == 5 or 429 in statuses
    # The link is locked now: the right passcode is refused too.
    client = store.test_client()
    page = client.get(f"/en/f/{token}")
    right = client.post(
        f"/en/f/{token}",
        data={"csrf_token": csrf_from(page.get_data(as_text=True)), "passcode": new.passcode},
    )
    assert right.status_code == 429


def test_lockouts_can_be_raced_staff_password(store):
    user = create_user("racer@example.org", "chair")
    set_password(user, PASSWORD)
    db.session.commit()
    user_id = user.id
    wrong = [{"email": "racer@example.org", "password": f"wrong guess {i}"} for i in range(GUESSES)]
    statuses = _all_at_once(store, "/en/professional/sign-in", wrong)
    assert set(statuses) == {200}, statuses
    checked = _count(f"user:{user_id}", "user.sign_in_wrong")
    assert checked <= 5, f"{checked} passwords were checked before the lock"
    locked = _count(f"user:{user_id}", "user.sign_in_locked")
    assert checked + locked == GUESSES
    failure = db.session.scalar(select(SignInFailure).where(SignInFailure.user_id == user_id))
    assert failure.locked_until is not None
    # Locked for this address: the right password is refused.
    client = store.test_client()
    page = client.get("/en/professional/sign-in")
    right = client.post(
        "/en/professional/sign-in",
        data={
            "csrf_token": csrf_from(page.get_data(as_text=True)),
            "email": "racer@example.org",
            "password": PASSWORD,
        },
    )
    assert right.status_code == 200, "no redirect: not signed in"
    assert db.session.get(User, user_id).locked_until is None, "locked for this address only"
