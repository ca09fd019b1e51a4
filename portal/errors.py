"""Friendly error pages in the reader's language. No traceback ever reaches a reader."""

import contextlib
import re

from flask import Flask, current_app, g, render_template, request
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from portal.config import settings
from portal.i18n import LANGUAGES

# Family links, calendar feeds, set-up links, and a reminder's details and stop addresses.
SECRET_PATH = re.compile(r"/(f|r|calendar|set-password|reminders/stop)/[^/]+")


def loggable_path() -> str:
    """The request path with private link tokens cut out: logs must never hold them."""
    return SECRET_PATH.sub(r"/\1/…", request.path)


PLAIN_SERVER_ERROR = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sorry, there is a problem'
    "</title></head><body><h1>Sorry, there is a problem with the service</h1>"
    "<p>Try again later.</p></body></html>"
)


def _language_from_path(app: Flask) -> None:
    """Error pages have no route of their own: take the language from the URL if we can."""
    if getattr(g, "lang", None):
        return
    first = request.path.strip("/").split("/", 1)[0]
    if first in settings(app).languages and first in LANGUAGES:
        g.lang = first


def http_error_page(error: HTTPException, **context):
    """The page for an HTTP error, in the language of the address."""
    _language_from_path(current_app)
    code = error.code or 500
    template = {
        404: "errors/not_found.html",
        405: "errors/not_found.html",
        413: "errors/too_large.html",
        429: "errors/too_many.html",
        503: "errors/unavailable.html",
    }.get(code, "errors/bad_request.html" if code < 500 else "errors/server_error.html")
    return render_template(template, status=code, **context), code


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return http_error_page(error)

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def database_unavailable(error):
        """The database is down or unreachable: say so kindly. Pages that do not need it
        keep working, and the connection pool's pre-ping recovers by itself."""
        from portal.models import db

        app.logger.error(
            "Database unavailable on %s %s: %s",
            request.method,
            loggable_path(),
            type(error).__name__,
        )
        with contextlib.suppress(Exception):  # the connection is already gone
            db.session.rollback()
        _language_from_path(app)
        return render_template("errors/unavailable.html", status=503), 503, {"Retry-After": "30"}

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("Unexpected error on %s %s", request.method, loggable_path())
        try:
            _language_from_path(app)
            return render_template("errors/server_error.html", status=500), 500
        except Exception:  # the error page itself failed: say it plainly
            app.logger.exception("The error page could not be shown")
            return PLAIN_SERVER_ERROR, 500, {"Content-Type": "text/html; charset=utf-8"}
