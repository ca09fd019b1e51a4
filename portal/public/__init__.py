"""Public pages: guides, procedures, glossary and site pages. The same for every reader."""

from flask import Blueprint, request

bp = Blueprint("public", __name__, url_prefix="/<lang:lang>")


@bp.after_request
def mark_shareable(response):
    """Public pages are the same for every reader of a language: let browsers keep them
    briefly, and let the in-memory page cache keep them (see cache.py)."""
    from portal.public.cache import CACHEABLE_MARK

    if request.query_string:
        # A search (or any page with a query) shows the reader's own words, which may
        # name their child or what happened: no shared cache, nor the browser's, keeps
        # it, as for the family pages. The in-memory cache never stores these either.
        response.headers["Cache-Control"] = "no-store"
        return response
    if response.status_code == 200 and response.mimetype == "text/html":
        response.headers["Cache-Control"] = "public, max-age=300"
        response.headers[CACHEABLE_MARK] = "1"
    return response


from portal.public import views  # noqa: E402,F401  (routes register on import)
