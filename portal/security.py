"""Security headers on every response. Nothing is loaded from another host."""

from flask import Flask

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
    headers_for_all = security_headers(app.config["SEND_HSTS"])

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
