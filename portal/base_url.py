"""A warning when PORTAL_BASE_URL names a port this portal is not served on.

Family links, QR codes and set-up links are built on PORTAL_BASE_URL, never on the
request's Host header (which a client can forge). So a portal started with
`flask run --port 5301` while the address still says :5000 hands families dead links,
and their passcodes are shown only once. This says so: at start-up under `flask run`
(which knows its port), and otherwise at the first request each process serves.

Only a local address (127.0.0.1, localhost, ::1) is checked. A public address sits
in front of a reverse proxy, where the port served (8000) and the port people use
(443) differ by design.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import click
from flask import Flask, request

from portal.config import settings

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def mismatch(base_url: str, served_port: int | str | None) -> str | None:
    """The warning to give, or None when the address and the port agree (or the address
    is not a local one, or the port is not known)."""
    try:
        parts = urlsplit(base_url)
        base_port = parts.port or (443 if parts.scheme == "https" else 80)
        served = int(served_port) if served_port is not None else None
    except ValueError:
        return None
    if parts.hostname not in LOCAL_HOSTS or served is None or served == base_port:
        return None
    return (
        f"PORTAL_BASE_URL is {base_url}, but this portal is served on port {served}: "
        "family links, QR codes and set-up links will point at the wrong address. "
        f"Set PORTAL_BASE_URL=http://127.0.0.1:{served} (or PORT={served})."
    )


def init_app(app: Flask) -> None:
    base_url = settings(app).base_url
    context = click.get_current_context(silent=True)
    if context is not None and context.info_name == "run" and "port" in context.params:
        warning = mismatch(base_url, context.params["port"])
        if warning:
            app.logger.warning(warning)
            click.echo(f"Warning: {warning}", err=True)
        return  # the port is known: no need to look at requests

    checked = {"done": bool(app.testing)}  # tests serve on ports of their own

    @app.before_request
    def _check_the_served_port():
        if checked["done"]:
            return
        checked["done"] = True
        warning = mismatch(base_url, request.environ.get("SERVER_PORT"))
        if warning:
            app.logger.warning(warning)
