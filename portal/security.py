"""Security headers on every response. Nothing is loaded from another host."""

from urllib.parse import urlsplit

from flask import Flask

from portal.config import settings

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def security_headers(send_hsts: bool) -> dict[str, str]:
    """The headers every response carries: pages, errors, the API and static files."""
    headers = {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        # Families' pages must never tell another site where the reader came from.
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if send_hsts:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return headers


def init_app(app: Flask) -> None:
    headers_for_all = security_headers(settings(app).production)

    @app.after_request
    def add_security_headers(response):
        for name, value in headers_for_all.items():
            response.headers.setdefault(name, value)
        return response


def keep_private(response):
    """For pages with family data or sign-in: never cached, never indexed, never referred.
    Blueprints register it with `bp.after_request(keep_private)`."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def script_root(base_url: str) -> str:
    """The path the portal is served under, from its public address: "" for
    https://plans.example.org, "/family" for https://example.org/family/."""
    return urlsplit(base_url).path.rstrip("/")


def public_origin(base_url: str) -> str:
    """Scheme and host of the public address, to put in front of a path from url_for
    (which already starts with the script root)."""
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}"


class CanonicalScriptRoot:
    """Every request is answered as served under PORTAL_BASE_URL's path, whatever
    SCRIPT_NAME the server was given.

    Gunicorn (among others) takes SCRIPT_NAME from a request header when the request
    comes from a trusted proxy address, 127.0.0.1 by default. Every link on a page is
    built with that prefix, and public pages are kept in memory for every later
    visitor, so one request could point a page's links, "Exit this page" included, at
    another host. Nothing a client sends may change a page's links: the prefix comes
    from configuration only.
    """

    def __init__(self, app, root: str):
        self.app = app
        self.root = root

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if self.root and (path == self.root or path.startswith(self.root + "/")):
            # A proxy that passes the prefix on: route the rest.
            environ["PATH_INFO"] = path[len(self.root) :]
        environ["SCRIPT_NAME"] = self.root
        return self.app(environ, start_response)
