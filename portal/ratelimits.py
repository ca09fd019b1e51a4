"""Rate limits on the doors that guess at secrets: passcodes, sign-in and API keys.

The lockouts that matter most (5 wrong passcodes lock a link, 5 wrong passwords lock an
account) are counted in the database, so they hold across workers. These limits sit in
front of them. Form POSTs count per signed-in professional, per signed-in family link,
or per client address for everyone else; API calls per live key, and wrong keys per
address. Counters live in memory per process by default (so with N workers a limit is
N times as loose); set RATELIMIT_STORAGE_URI (for example redis://…) to share them
between workers and servers.

On the professionals' pages only posts that may store something count towards
PORTAL_FORM_RATE_LIMIT. "Add another" only draws the form again with one more row, so a
worker building a plan can press it as often as the plan needs; those posts have their
own, much higher limit (PORTAL_REDRAW_RATE_LIMIT) so that they cannot be used to load
the server without end.
"""

from flask import Blueprint, Flask, request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from sqlalchemy import select
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.config import settings
from portal.family_session import LINK_KEY
from portal.models import ApiKey, db
from portal.records import hash_token


def _who() -> str:
    """The bucket a form POST counts in: the signed-in professional, else the family
    link the session is signed in to, else the client address. Behind one proxy (or a
    council's one outgoing address) everyone shares an address, so the people we know
    are counted as themselves; the address is `request.remote_addr`, which is the
    client's only when PORTAL_PROXY_COUNT names the proxies in front."""
    user_id = session.get("user_id")
    if isinstance(user_id, int):
        return f"user:{user_id}"
    link_key = session.get(LINK_KEY)
    if isinstance(link_key, str) and link_key:
        return "link:" + link_key[:32]
    return get_remote_address()


limiter = Limiter(key_func=_who, headers_enabled=True)


def api_key_or_address() -> str:
    """Limit each live API key separately (by its hash: no key sits in memory in the
    clear). A wrong or revoked key counts against the client's address, so guessing
    with a new random key each time is limited like anything else."""
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    key = key.strip()
    if scheme.lower() == "bearer" and key and len(key) <= 200:
        key_hash = hash_token(key)
        live = db.session.scalar(
            select(ApiKey.id).where(ApiKey.key_hash == key_hash, ApiKey.revoked_at.is_(None))
        )
        if live is not None:
            return "key:" + key_hash[:32]
    return get_remote_address()


def is_redraw() -> bool:
    """A post that stores nothing: "Add another" (the button named `add`) only draws the
    form again, with what was typed and one more empty row."""
    return request.method == "POST" and "add" in request.form


def _is_not_redraw() -> bool:
    return not is_redraw()


def _blueprint(app: Flask, name: str) -> Blueprint:
    """A registered blueprint, typed as the flask.Blueprint it is: Flask types
    `app.blueprints` with a base class that flask-limiter does not take."""
    blueprint = app.blueprints[name]
    if not isinstance(blueprint, Blueprint):
        raise TypeError(f"the {name!r} blueprint is not a flask.Blueprint")
    return blueprint


def init_app(app: Flask) -> None:
    proxies = settings(app).proxy_count
    if proxies:
        # Behind a reverse proxy the client's address is in X-Forwarded-For.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # how Flask adds middleware
            app.wsgi_app, x_for=proxies, x_proto=proxies
        )
    storage = app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    if not storage.startswith("memory://"):
        # A shared store that stops answering must not stop the portal: each process
        # counts in memory until it is back (the lockouts are in the database anyway),
        # and waits at most a second for it.
        app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
        app.config.setdefault(
            "RATELIMIT_STORAGE_OPTIONS", {"socket_connect_timeout": 1, "socket_timeout": 1}
        )
    limiter.init_app(app)
    # Production builds one app per process; the test suite builds many, and the shared
    # limiter keeps blueprint limits by blueprint name, so each app would add its limits
    # to the last one's (counting every request twice). Each app starts afresh.
    registered = getattr(getattr(limiter, "limit_manager", None), "_blueprint_limits", None)
    if isinstance(registered, dict):
        for name in ("family", "professional", "api"):
            registered.pop(name, None)
    posts = settings(app).form_rate_limit
    limiter.limit(posts, methods=["POST"])(_blueprint(app, "family"))
    # One count per client over all the workspace's saving posts (not one per page), and
    # one apart for posts that only redraw a form.
    professional = _blueprint(app, "professional")
    limiter.shared_limit(posts, "professional-saves", methods=["POST"], exempt_when=is_redraw)(
        professional
    )
    limiter.shared_limit(
        settings(app).redraw_rate_limit,
        "professional-redraws",
        methods=["POST"],
        exempt_when=_is_not_redraw,
    )(professional)
    limiter.limit(settings(app).api_rate_limit, key_func=api_key_or_address)(_blueprint(app, "api"))
