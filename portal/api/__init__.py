"""JSON API for case-management systems: /api/v1, bearer API keys, no cookies or CSRF."""

from flask import Blueprint

from portal.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

from portal.api import bulk, views  # noqa: E402,F401  (routes register on import)
from portal.api.auth import init_auth  # noqa: E402
from portal.api.errors import init_errors  # noqa: E402

init_errors(bp)
init_auth(bp)
