"""Webhooks, for administrators: the case systems told of each plan change (docs/api.md).

The same registering and removing as `flask webhooks` (portal/webhooks/endpoints.py).
A new endpoint's signing secret is made here and shown once, never typed in a form.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.config import settings
from portal.models import Role, db
from portal.models.outgoing import WebhookEndpoint
from portal.professional import bp
from portal.webhooks.addresses import MAX_URL_LENGTH, AddressRefused
from portal.webhooks.endpoints import (
    AlreadyRegistered,
    new_secret,
    register,
    summaries,
    unregister,
)
from portal.workspace.auth import login_required
from portal.workspace.common import actor


def _page(url: str = "", error: str | None = None, status: int = 200):
    errors = {"url": error} if error else {}
    return (
        render_template(
            "professional/webhooks.html",
            endpoints=summaries(),
            url=url,
            errors=errors,
            summary=[(message, f"#{field}") for field, message in errors.items()],
        ),
        status,
    )


@bp.get("/webhooks")
@login_required(Role.ADMIN)
def webhooks():
    """The registered receivers, what each has been sent, and a form to add one."""
    return _page()


@bp.post("/webhooks")
@login_required(Role.ADMIN)
def add_webhook():
    """Register a receiver and show its new signing secret, once."""
    url = request.form.get("url", "").strip()[: MAX_URL_LENGTH + 1]
    secret = new_secret()
    try:
        register(
            url,
            secret,
            actor=actor(),
            secret_key=settings().secret_key,
            allow_local_http=settings().webhooks_allow_local_http,
            ports=settings().webhooks_ports,
        )
    except AddressRefused:
        message = _(
            "Enter an address that starts with https:// and is on the internet, "
            "not inside the council's own network"
        )
        return _page(url, message, 422)
    except AlreadyRegistered:
        return _page(url, _("This address is already registered"), 422)
    return render_template("professional/webhook_added.html", url=url, secret=secret)


@bp.post("/webhooks/<int(max=2147483647):endpoint_id>/remove")
@login_required(Role.ADMIN)
def remove_webhook(endpoint_id: int):
    """Stop sending to a receiver; its waiting notices are given up, its log kept."""
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or endpoint.removed_at is not None:
        abort(404)
    unregister(endpoint, actor=actor())
    flash(_("The address was removed. It will not be sent any more notices."))
    return redirect(url_for("professional.webhooks"))
