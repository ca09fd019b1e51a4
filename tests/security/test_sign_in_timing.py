"""Review finding 7: once an account was locked, a wrong sign-in answered in 10 ms
instead of ~200 ms (the locked path skipped argon2), which told anyone which email
addresses have accounts; and anyone could lock any account.

Every path now costs exactly one argon2 check, and the lock is per account *and*
client address (five tries), with a much higher limit over all addresses (fifty), so
a stranger elsewhere cannot lock someone out.
"""

import time

import pytest

from portal.records import secrets
from portal.workspace import auth

PASSWORD = "correct horse battery staple"


@pytest.fixture
def argon2_checks(monkeypatch):
    """Count real argon2 verifications (the real function still runs)."""
    calls = []
    real = secrets.verify_secret

    def counted(stored, given):
        calls.append(1)
        return real(stored, given)

    monkeypatch.setattr(auth, "verify_secret", counted)
    return calls


def _try(app, email, password, address="192.0.2.1"):
    with app.test_request_context():
        return auth.check_sign_in(email, password, address=address)[0]


def test_sign_in_timing_argon2_on_every_path(app, make_user, argon2_checks):
    user = make_user("chair")
    inactive = make_user("chair")
    unset = make_user("chair", password=None)
    with app.app_context():
        from portal.models import User, db

        db.session.get(User, inactive.id).active = False
        db.session.commit()
    paths = {
        "unknown email": ("nobody-here@example.org", "x"),
        "wrong password": (user.email, "wrong"),
        "deactivated": (inactive.email, PASSWORD),
        "not set up": (unset.email, PASSWORD),
    }
    for name, (email, password) in paths.items():
        before = len(argon2_checks)
        _try(app, email, password)
        assert len(argon2_checks) - before == 1, name
    for _ in range(5):
        _try(app, user.email, "wrong again")
    before = len(argon2_checks)
    assert _try(app, user.email, "wrong again") is auth.SignIn.LOCKED
    assert len(argon2_checks) - before == 1, "the locked path skips argon2"


def test_sign_in_timing_locked_is_as_slow_as_unknown(app, make_user):
    user = make_user("chair")
    for _ in range(6):
        _try(app, user.email, "wrong")

    def timed(email):
        started = time.perf_counter()
        _try(app, email, "wrong")
        return time.perf_counter() - started

    locked = min(timed(user.email) for _ in range(3))
    unknown = min(timed("nobody-at-all@example.org") for _ in range(3))
    assert locked > unknown / 3, f"locked {locked * 1000:.0f} ms, unknown {unknown * 1000:.0f} ms"


def test_sign_in_timing_a_stranger_cannot_lock_the_owner_out(app, make_user):
    user = make_user("chair")
    for _ in range(10):
        _try(app, user.email, "wrong", address="203.0.113.9")
    assert _try(app, user.email, "wrong", address="203.0.113.9") is auth.SignIn.LOCKED
    assert _try(app, user.email, PASSWORD, address="198.51.100.7") is auth.SignIn.OK
