"""The family's own plan, reached by a private link and a passcode."""

from flask import Blueprint

bp = Blueprint("family", __name__)


@bp.after_request
def private_headers(response):
    """Family pages hold special-category data: never cached, indexed or referred."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


from portal.family import access, calendar, views  # noqa: E402,F401  (routes register on import)
