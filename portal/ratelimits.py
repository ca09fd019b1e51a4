"""Rate limits on the doors that guess at secrets: passcodes, sign-in and API keys.

The lockouts that matter most (5 wrong passcodes lock a link, 5 wrong passwords lock an
account) are counted in the database, so they hold across workers. These limits sit in
front of them. Form POSTs count per signed-in professional, per signed-in family link,
or per client address for everyone else; API calls per live key, and wrong keys per
address. Counters live in memory per process by default (so with N workers a limit is
N times as loose); set RATELIMIT_STORAGE_URI (for example redis://…) to share them
between workers and servers.
"""

from flask import Flask, request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from sqlalchemy import select
from werkzeug.middleware.proxy_fix import ProxyFix

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
    link_key = session.get("family_link_key")
    if isinstance(link_key, str) and link_key:
        return "link:" + link_key[:32]
    return get_remote_address()


limiter = Limiter(key_func=_who, headers_enabled=True)


def _api_key_or_address() -> str:
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
