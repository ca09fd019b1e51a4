"""Public pages: guides, procedures, glossary and site pages. The same for every reader."""

from flask import Blueprint

bp = Blueprint("public", __name__, url_prefix="/<lang:lang>")


@bp.after_request
def mark_shareable(response):
    """Public pages are the same for every reader of a language: let browsers keep them
    briefly, and let the in-memory page cache keep them (see cache.py)."""
    from portal.public.cache import CACHEABLE_MARK

    if response.status_code == 200 and response.mimetype == "text/html":
        response.headers["Cache-Control"] = "public, max-age=300"
        response.headers[CACHEABLE_MARK] = "1"
    return response


from portal.public import views  # noqa: E402,F401  (routes register on import)
