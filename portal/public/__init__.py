"""Public pages: guides, procedures, glossary and site pages. The same for every reader."""

from flask import Blueprint

bp = Blueprint("public", __name__, url_prefix="/<lang:lang>")

from portal.public import views  # noqa: E402,F401  (routes register on import)
