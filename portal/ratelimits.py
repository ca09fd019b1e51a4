"""Rate limits on the doors that guess at secrets: passcodes, sign-in and API keys.

The lockouts that matter most (5 wrong passcodes lock a link, 5 wrong passwords lock an
account) are counted in the database, so they hold across workers. These limits sit in
front of them and slow down anyone hammering the portal from one address (or with one API
key). Counters live in memory per process by default; set RATELIMIT_STORAGE_URI (for
example redis://…) to share them between servers.
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


def init_app(app: Flask) -> None:
    proxies = int(app.config.get("PORTAL_PROXY_COUNT", 0))
    if proxies:
        # Behind a reverse proxy the client's address is in X-Forwarded-For.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    limiter.init_app(app)
    posts = app.config["PORTAL_FORM_RATE_LIMIT"]
    limiter.limit(posts, methods=["POST"])(app.blueprints["family"])
    limiter.limit(posts, methods=["POST"])(app.blueprints["professional"])
    limiter.limit(app.config["PORTAL_API_RATE_LIMIT"], key_func=_api_key_or_address)(
        app.blueprints["api"]
    )
