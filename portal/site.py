"""Routes that belong to no audience: the exit control and the health check."""

from flask import Blueprint, current_app, redirect, session
from sqlalchemy import text

from portal.config import settings
from portal.models import db

bp = Blueprint("site", __name__)


@bp.get("/exit")
def exit_page():
    """ "Exit this page": end any family session, then leave for a neutral site at once.

    A GET, so any site can link here: a professional signed in on this browser is not
    signed out by it (their session and cookie stay); only the family sign-in ends."""
    from portal.family.access import end_family_session

    response = redirect(settings().exit_url, code=303)
    response.headers["Cache-Control"] = "no-store"
    if isinstance(session.get("user_id"), int):
        end_family_session()
    else:
        session.clear()
        response.headers["Clear-Site-Data"] = '"cookies"'
    return response


@bp.get("/healthz")
def health():
    """For load balancers: the process is up and content is loaded (no database needed)."""
    return {"status": "ok", "pages": len(current_app.extensions["content"].pages)}


@bp.get("/readyz")
def ready():
    """The database answers too. A failure becomes a 503 through the error handler."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
