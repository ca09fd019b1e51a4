"""Professionals' workspace: sign in, plan records, family links."""

from flask import Blueprint

bp = Blueprint("professional", __name__, url_prefix="/<lang:lang>/professional")

from portal.professional import views  # noqa: E402,F401  (routes register on import)
