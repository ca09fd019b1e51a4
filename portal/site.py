"""Routes that belong to no audience: the exit control and the health check."""

from flask import Blueprint, current_app, redirect, session

bp = Blueprint("site", __name__)


@bp.get("/exit")
def exit_page():
    """"Exit this page": end any family session, then leave for a neutral site at once."""
    session.clear()
    response = redirect(current_app.config["EXIT_URL"], code=303)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Clear-Site-Data"] = '"cookies"'
    return response


@bp.get("/healthz")
def health():
    """For load balancers: the process is up and content is loaded."""
    return {"status": "ok", "pages": len(current_app.extensions["content"].pages)}
