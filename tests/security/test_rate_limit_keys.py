"""Review finding 15: rate limits were keyed on the client address for everyone, so
behind one proxy all users shared a bucket, and the API limit was keyed on the
presented bearer string, so random wrong keys were never limited (320 of 320 got 401).

Now form POSTs count per signed-in professional, per signed-in family link, or per
client address for everyone else; API calls per live key, and wrong keys per address.
"""

from portal.models import ApiKey, db
from portal.records import create_family_link, create_plan, hash_token, new_token
from portal.workspace.auth import create_user, set_password
from tests.records.helpers import example

PASSWORD = "correct horse battery staple"


def _user(app, role="chair") -> str:
    email = f"{role}-{new_token()[:8]}@example.org".lower()
    with app.app_context():
        set_password(create_user(email, role), PASSWORD)
        db.session.commit()
    return email


def _sign_in(client, email):
    response = client.post("/en/professional/sign-in", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code


def test_rate_limit_keys_wrong_api_keys_are_counted(make_app):
    app = make_app(RATELIMIT_ENABLED=True, PORTAL_API_RATE_LIMIT="3 per minute")
    client = app.test_client()
    # Counters live per process: an address no other test uses keeps their guesses out.
    client.environ_base["REMOTE_ADDR"] = "198.51.100.73"
    statuses = [
        client.get("/api/v1/plans", headers={"Authorization": f"Bearer {new_token()}"}).status_code
        for _ in range(5)
    ]
    assert statuses == [401, 401, 401, 429, 429]
    # A live key has its own allowance, even from that address.
    key = new_token()
    with app.app_context():
        db.session.add(ApiKey(name="live", key_hash=hash_token(key)))
        db.session.commit()
    live = client.get("/api/v1/plans", headers={"Authorization": f"Bearer {key}"})
    assert live.status_code == 200


def test_rate_limit_keys_staff_counted_per_signed_in_user(make_app):
    """Two professionals behind one proxy address: one using up their allowance does
    not stop the other."""
    app = make_app(
        RATELIMIT_ENABLED=True, PORTAL_FORM_RATE_LIMIT="4 per minute", WTF_CSRF_ENABLED=False
    )
    busy, other = app.test_client(), app.test_client()
    _sign_in(busy, _user(app))
    _sign_in(other, _user(app))
    # Signed in, each POST counts for the user (an empty plan form: 422, nothing saved).
    statuses = [busy.post("/en/professional/plans/new").status_code for _ in range(5)]
    assert statuses[:4] != [429] * 4 and statuses[4] == 429, statuses
    assert other.post("/en/professional/plans/new").status_code != 429


def test_rate_limit_keys_family_counted_per_link(make_app):
    app = make_app(
        RATELIMIT_ENABLED=True, PORTAL_FORM_RATE_LIMIT="4 per minute", WTF_CSRF_ENABLED=False
    )

    with app.app_context():
        plan = create_plan(example("england-new-plan"), app.extensions["profiles"], actor="t")
        first = create_family_link(plan, "Mother", 30, actor="t")
        second = create_family_link(plan, "Father", 30, actor="t")
        tokens = [(first.token, first.passcode), (second.token, second.passcode)]

    clients = []
    for token, passcode in tokens:
        client = app.test_client()
        answer = client.post(f"/en/f/{token}", data={"passcode": passcode})
        assert answer.status_code == 303
        clients.append(client)
    mother, father = clients

    # Two passcodes came from this address; the mother's posts now count for her link.
    statuses = [
        mother.post("/en/my-plan/calendar/subscribe", data={}).status_code for _ in range(5)
    ]
    assert statuses[-1] == 429, statuses
    assert father.post("/en/my-plan/calendar/subscribe", data={}).status_code != 429
