"""Routes that belong to no audience: the exit control and the health check."""

from flask import Blueprint, current_app, redirect, session
from sqlalchemy import text

from portal.models import db

bp = Blueprint("site", __name__)


@bp.get("/exit")
def exit_page():
    """ "Exit this page": end any family session, then leave for a neutral site at once."""
    session.clear()
    response = redirect(current_app.config["EXIT_URL"], code=303)
    response.headers["Cache-Control"] = "no-store"
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
