"""Professional accounts: signing in, lockout, set-up links, roles and who may see what.

Counters for wrong passwords live on the User row, so a lockout holds across every
worker and server. Every sign-in attempt is audited; the message shown never says
whether an email address has an account.
"""

import datetime as dt
import enum
import functools
import re

from flask import abort, current_app, g, redirect, request, session, url_for
from sqlalchemy import func, select

from portal.models import Plan, User, db, utcnow
from portal.records import audit, hash_token, new_token
from portal.records.secrets import hash_secret, verify_secret

ROLES = ("social-worker", "chair", "manager", "admin")
# Who may open plans at all. Admins manage accounts only: they need no family data.
PLAN_ROLES = ("social-worker", "chair", "manager")
# Who may see and edit every plan; social workers see only the plans assigned to them.
ALL_PLANS_ROLES = ("chair", "manager")

MAX_FAILED_SIGN_INS = 5
LOCKOUT = dt.timedelta(minutes=15)
SETUP_LINK_LIFETIME = dt.timedelta(hours=72)
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200  # argon2 takes any length; this only stops abuse
MAX_TEAM = 100
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@functools.cache
def _dummy_hash() -> str:
    """Verified when there is no usable password, so a wrong email costs as long as a
    wrong password and the response time does not tell the two apart."""
    return hash_secret("not a real password, used only to take the same time")


class SignIn(enum.Enum):
    OK = "ok"
    WRONG = "wrong"  # unknown email, wrong password, inactive or not yet set up
    LOCKED = "locked"


def normalise_email(value: str) -> str:
    return value.strip().lower()


def is_valid_email(value: str) -> bool:
    return len(value) <= 254 and bool(_EMAIL_RE.fullmatch(value))


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def actor_for(user: User | None) -> str:
    return f"user:{user.id}" if user is not None else "anonymous"


def check_sign_in(
    email: str, password: str, now: dt.datetime | None = None
) -> tuple[SignIn, User | None]:
    """Check an email and password, counting wrong passwords; audits and commits."""
    now = now or utcnow()
    user = find_user(email) if email else None
    if user is None:
        verify_secret(_dummy_hash(), password)
        audit("anonymous", "user.sign_in_wrong")
        db.session.commit()
        return SignIn.WRONG, None
    actor = actor_for(user)
    if user.locked_until is not None and user.locked_until > now:
        audit(actor, "user.sign_in_locked")
        db.session.commit()
        return SignIn.LOCKED, user
    usable = user.active and user.password_hash is not None
    if usable and verify_secret(user.password_hash, password):
        user.failed_logins = 0
        user.locked_until = None
        audit(actor, "user.sign_in_ok")
        db.session.commit()
        return SignIn.OK, user
    if not usable:
        verify_secret(_dummy_hash(), password)
    user.failed_logins = (user.failed_logins or 0) + 1
    result = SignIn.WRONG
    if user.failed_logins >= MAX_FAILED_SIGN_INS:
        user.failed_logins = 0
        user.locked_until = now + LOCKOUT
        result = SignIn.LOCKED
    audit(actor, "user.sign_in_wrong")
    db.session.commit()
    return result, user


def start_session(user: User) -> None:
    """A fresh session for the signed-in user: nothing from before survives (no fixation)."""
    session.clear()
    session.permanent = True
    session["user_id"] = user.id
    session["seen_at"] = int(utcnow().timestamp())


def end_session() -> None:
    session.clear()


def load_current_user() -> None:
    """Find the signed-in user for this request; end sessions idle for too long.

    The signed cookie carries the time of the last request, and each request moves it
    on, so the session lasts PERMANENT_SESSION_LIFETIME after the last page, not after
    sign-in. Flask's own signature age check gives the same limit a second time.
    """
    g.professional = None
    g.session_expired = False
    user_id = session.get("user_id")
    if user_id is None:
        return
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    now = int(utcnow().timestamp())
    seen_at = session.get("seen_at")
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if not isinstance(seen_at, int) or now - seen_at > lifetime or user is None or not user.active:
        g.session_expired = True
        end_session()
        return
    session.permanent = True
    session["seen_at"] = now
    g.professional = user


def login_required(*roles: str):
    """Only signed-in users, and when roles are given only users with one of them."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if g.get("professional") is None:
                target = request.path if request.method == "GET" else None
                return redirect(
                    url_for(
                        "professional.sign_in",
                        next=target,
                        expired="1" if g.get("session_expired") else None,
                    )
                )
            if roles and g.professional.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def safe_next(target: str | None) -> str | None:
    """Only our own professional pages: never a redirect to another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = target.split("/")
    if len(parts) < 3 or parts[2] != "professional":
        return None
    return target


# --- plans a user may see -------------------------------------------------------


def visible_plans_query(user: User):
    query = select(Plan).order_by(Plan.started.desc(), Plan.reference)
    if user.role in ALL_PLANS_ROLES:
        return query
    if user.role == "social-worker":
        return query.where(Plan.social_worker_id == user.id)
    return query.where(False)


def can_see(user: User, plan: Plan) -> bool:
    if user.role in ALL_PLANS_ROLES:
        return True
    return user.role == "social-worker" and plan.social_worker_id == user.id


# Managers and chairs edit every plan; a social worker edits the plans they can see.
can_edit = can_see


def plan_for(user: User, reference: str) -> Plan:
    """The plan, or 404 when it does not exist or this user may not see it (the same
    answer, so a reference someone else holds is not revealed)."""
    plan = db.session.scalar(select(Plan).where(Plan.reference == reference))
    if plan is None or not can_see(user, plan):
        abort(404)
    return plan


# --- accounts -------------------------------------------------------------------


class AccountError(ValueError):
    pass


def create_user(email: str, role: str) -> User:
    """A new, active account without a password; raises AccountError."""
    email = normalise_email(email)
    if not is_valid_email(email):
        raise AccountError("email")
    if role not in ROLES:
        raise AccountError("role")
    if find_user(email) is not None:
        raise AccountError("duplicate")
    user = User(email=email, role=role, active=True, failed_logins=0)
    db.session.add(user)
    db.session.flush()
    return user


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_secret(password)
    user.setup_token_hash = None
    user.setup_expires_at = None
    user.failed_logins = 0
    user.locked_until = None


def password_problem(password: str, confirmation: str) -> str | None:
    """Which rule a new password breaks: "short", "long", "mismatch" or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return "short"
    if len(password) > MAX_PASSWORD_LENGTH:
        return "long"
    if password != confirmation:
        return "mismatch"
    return None


def new_setup_token(user: User) -> str:
    """A one-time set-up token (only its hash is kept), valid for 72 hours."""
    token = new_token()
    user.setup_token_hash = hash_token(token)
    user.setup_expires_at = utcnow() + SETUP_LINK_LIFETIME
    return token


def user_for_setup_token(token: str) -> User | None:
    if not token or len(token) > 100:
        return None
    user = db.session.scalar(select(User).where(User.setup_token_hash == hash_token(token)))
    if user is None or not user.active:
        return None
    if user.setup_expires_at is None or user.setup_expires_at <= utcnow():
        return None
    return user


def deactivate(user: User) -> None:
    user.active = False
    user.setup_token_hash = None
    user.setup_expires_at = None
