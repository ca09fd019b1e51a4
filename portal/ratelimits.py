"""Rate limits on the doors that guess at secrets: passcodes, sign-in and API keys.

The lockouts that matter most (5 wrong passcodes lock a link, 5 wrong passwords lock an
account) are counted in the database, so they hold across workers. These limits sit in
front of them and slow down anyone hammering the portal from one address (or with one API
key). Counters live in memory per process by default; set RATELIMIT_STORAGE_URI (for
example redis://…) to share them between servers.

On the professionals' pages only posts that may store something count towards
PORTAL_FORM_RATE_LIMIT. "Add another" only draws the form again with one more row, so a
worker building a plan can press it as often as the plan needs; those posts have their
own, much higher limit (PORTAL_REDRAW_RATE_LIMIT) so that they cannot be used to load
the server without end.
"""

import hashlib

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

limiter = Limiter(key_func=get_remote_address, headers_enabled=True)


def _api_key_or_address() -> str:
    """Limit each API key separately (a hash, so no key sits in memory in the clear)."""
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and key:
        return "key:" + hashlib.sha256(key.encode()).hexdigest()[:32]
    return get_remote_address()


def is_redraw() -> bool:
    """A post that stores nothing: "Add another" (the button named `add`) only draws the
    form again, with what was typed and one more empty row."""
    return request.method == "POST" and "add" in request.form


def _is_not_redraw() -> bool:
    return not is_redraw()


def init_app(app: Flask) -> None:
    proxies = int(app.config.get("PORTAL_PROXY_COUNT", 0))
    if proxies:
        # Behind a reverse proxy the client's address is in X-Forwarded-For.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    limiter.init_app(app)
    posts = app.config["PORTAL_FORM_RATE_LIMIT"]
    limiter.limit(posts, methods=["POST"])(app.blueprints["family"])
    # One count per client over all the workspace's saving posts (not one per page), and
    # one apart for posts that only redraw a form.
    professional = app.blueprints["professional"]
    limiter.shared_limit(posts, "professional-saves", methods=["POST"], exempt_when=is_redraw)(
        professional
    )
    limiter.shared_limit(
        app.config["PORTAL_REDRAW_RATE_LIMIT"],
        "professional-redraws",
        methods=["POST"],
        exempt_when=_is_not_redraw,
    )(professional)
    limiter.limit(app.config["PORTAL_API_RATE_LIMIT"], key_func=_api_key_or_address)(
        app.blueprints["api"]
    )
