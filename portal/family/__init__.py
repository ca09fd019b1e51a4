"""The family's own plan, reached by a private link and a passcode."""

from flask import Blueprint

bp = Blueprint("family", __name__)

from portal.family import views  # noqa: E402,F401  (routes register on import)
