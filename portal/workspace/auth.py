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
from sqlalchemy import Select, delete, false, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.models import Plan, Role, SignInFailure, User, db, utcnow
from portal.planning.format.vocabulary import EMAIL_ADDRESS
from portal.records import audit, hash_token, new_token
from portal.records.secrets import hash_secret, verify_secret

ROLES = tuple(Role)
# Who may open plans at all. Admins manage accounts only: they need no family data.
PLAN_ROLES = (Role.SOCIAL_WORKER, Role.CHAIR, Role.MANAGER)
# Who may see and edit every plan; social workers see only the plans assigned to them.
ALL_PLANS_ROLES = (Role.CHAIR, Role.MANAGER)

MAX_FAILED_SIGN_INS = 5  # from one address: locks the account for that address
MAX_FAILED_SIGN_INS_EVERYWHERE = 50  # from all addresses: locks it for everyone
LOCKOUT = dt.timedelta(minutes=15)
SETUP_LINK_LIFETIME = dt.timedelta(hours=72)
# However busy, a staff session ends this long after the password was typed.
SESSION_ABSOLUTE_LIFETIME = dt.timedelta(hours=12)
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200  # argon2 takes any length; this only stops abuse
MAX_TEAM = 100
_EMAIL_RE = re.compile(EMAIL_ADDRESS)  # one rule for every email address the portal keeps


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
    email: str, password: str, now: dt.datetime | None = None, address: str | None = None
) -> tuple[SignIn, User | None]:
    """Check an email and password, counting wrong passwords; audits and commits.

    Every answer costs one argon2 check, so the time taken never tells whether an
    account exists or is locked. Five wrong passwords lock the account for the client
    address they came from (`address`), fifty from all addresses lock it for everyone
    (see SignInFailure). Each try takes its turn in the database before the password is
    checked (an atomic increment), so guesses sent all at once are counted too.
    """
    now = now or utcnow()
    address = (address or "unknown")[:64]
    user = find_user(email) if email else None
    if user is None:
        verify_secret(_dummy_hash(), password)
        audit("anonymous", "user.sign_in_wrong")
        db.session.commit()
        return SignIn.WRONG, None
    actor = actor_for(user)
    user_id, active, password_hash = user.id, user.active, user.password_hash
    turn = _take_turn(user_id, address, now)
    db.session.commit()  # the turn is taken: other tries see it at once
    if turn is None:
        verify_secret(_dummy_hash(), password)
        audit(actor, "user.sign_in_locked")
        db.session.commit()
        return SignIn.LOCKED, user
    usable_hash = password_hash if active else None
    if usable_hash is not None and verify_secret(usable_hash, password):
        db.session.execute(
            delete(SignInFailure).where(
                SignInFailure.user_id == user_id, SignInFailure.address == address
            )
        )
        db.session.execute(
            update(User)
            .where(User.id == user_id)
            .values(failed_logins=0, locked_until=None)
            .execution_options(synchronize_session=False)
        )
        audit(actor, "user.sign_in_ok")
        db.session.commit()
        return SignIn.OK, user
    if usable_hash is None:
        verify_secret(_dummy_hash(), password)
    pair_turn, account_turn = turn
    result = SignIn.WRONG
    if pair_turn >= MAX_FAILED_SIGN_INS:
        db.session.execute(
            update(SignInFailure)
            .where(SignInFailure.user_id == user_id, SignInFailure.address == address)
            .values(failed=0, locked_until=now + LOCKOUT)
        )
        result = SignIn.LOCKED
    if account_turn >= MAX_FAILED_SIGN_INS_EVERYWHERE:
        db.session.execute(
            update(User)
            .where(User.id == user_id)
            .values(failed_logins=0, locked_until=now + LOCKOUT)
            .execution_options(synchronize_session=False)
        )
        result = SignIn.LOCKED
    audit(actor, "user.sign_in_wrong")
    db.session.commit()
    return result, user


def _take_turn(user_id: int, address: str, now: dt.datetime) -> tuple[int, int] | None:
    """Count this try for the account and address, and for the account; None when
    either is locked or already has its fill of tries being checked."""
    table = SignInFailure.__table__
    insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    pair_turn = db.session.scalar(
        insert(table)
        .values(user_id=user_id, address=address, failed=1, updated_at=now)
        .on_conflict_do_update(
            index_elements=[table.c.user_id, table.c.address],
            set_={"failed": table.c.failed + 1, "updated_at": now},
            where=or_(table.c.locked_until.is_(None), table.c.locked_until <= now),
        )
        .returning(table.c.failed)
    )
    if pair_turn is None or pair_turn > MAX_FAILED_SIGN_INS:
        return None
    account_turn = db.session.scalar(
        update(User)
        .where(User.id == user_id, or_(User.locked_until.is_(None), User.locked_until <= now))
        .values(failed_logins=User.failed_logins + 1)
        .returning(User.failed_logins)
        .execution_options(synchronize_session=False)
    )
    if account_turn is None or account_turn > MAX_FAILED_SIGN_INS_EVERYWHERE:
        return None
    # Old counts for other addresses need not stay: a day is far beyond any lock.
    db.session.execute(
        delete(SignInFailure).where(SignInFailure.updated_at < now - dt.timedelta(days=1))
    )
    return pair_turn, account_turn


def start_session(user: User) -> None:
    """A fresh session for the signed-in user: nothing from before survives (no fixation)."""
    now = int(utcnow().timestamp())
    session.clear()
    session.permanent = True
    session["user_id"] = user.id
    session["generation"] = user.session_generation
    session["signed_in_at"] = now
    session["seen_at"] = now


def end_session() -> None:
    session.clear()


def end_all_sessions(user_id: int) -> None:
    """End every session of this user, on every device, at its next request (the caller
    commits). Copies of a session cookie stop working too."""
    db.session.execute(
        update(User)
        .where(User.id == user_id)
        .values(session_generation=User.session_generation + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()


def load_current_user() -> None:
    """Find the signed-in user for this request; end sessions that are over.

    The signed cookie carries the time of the last request, and each request moves it
    on, so the session lasts PERMANENT_SESSION_LIFETIME after the last page, not after
    sign-in. Flask's own signature age check gives the same limit a second time. Besides
    that idle limit, a session ends SESSION_ABSOLUTE_LIFETIME after sign-in however busy
    it is, and at once when the user's session generation has moved on (sign-out, a new
    password, deactivation).
    """
    g.professional = None
    g.session_expired = False
    user_id = session.get("user_id")
    if user_id is None:
        return
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    now = int(utcnow().timestamp())
    seen_at = session.get("seen_at")
    signed_in_at = session.get("signed_in_at")
    generation = session.get("generation")
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if (
        not isinstance(seen_at, int)
        or not isinstance(signed_in_at, int)
        or not isinstance(generation, int)
        or now - seen_at > lifetime
        or now - signed_in_at > SESSION_ABSOLUTE_LIFETIME.total_seconds()
        or user is None
        or not user.active
        or user.session_generation != generation
    ):
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
    """Only our own professional pages: never a redirect to another site.

    Any control character or space refuses the address: browsers and Werkzeug drop
    tabs and line breaks from a URL, so `/%09/professional` would become the
    other-site `//professional`, and CR/LF cannot go into a header at all."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(char) < 0x21 or 0x7F <= ord(char) <= 0x9F for char in target):
        return None
    if any(char.isspace() for char in target):
        return None
    parts = target.split("/")
    if len(parts) < 3 or parts[2] != "professional":
        return None
    return target


# --- plans a user may see -------------------------------------------------------


def visible_plans_query(user: User) -> Select[Plan]:
    query = select(Plan).order_by(Plan.started.desc(), Plan.reference)
    if user.role in ALL_PLANS_ROLES:
        return query
    if user.role == Role.SOCIAL_WORKER:
        return query.where(Plan.social_worker_id == user.id)
    return query.where(false())


def can_see(user: User, plan: Plan) -> bool:
    if user.role in ALL_PLANS_ROLES:
        return True
    return user.role == Role.SOCIAL_WORKER and plan.social_worker_id == user.id


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
    """A new password; every session begun with the old one ends."""
    user.password_hash = hash_secret(password)
    user.session_generation = (user.session_generation or 0) + 1
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
    user.session_generation = (user.session_generation or 0) + 1
    user.setup_token_hash = None
    user.setup_expires_at = None
