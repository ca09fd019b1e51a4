"""Routes that belong to no audience: the exit control and the health check."""

import json

from flask import Blueprint, current_app, redirect, session
from sqlalchemy import text

from portal.config import ROOT, settings
from portal.family_session import end_family_session
from portal.models import db

bp = Blueprint("site", __name__)


@bp.get("/exit")
def exit_page():
    """ "Exit this page": end any family session, then leave for a neutral site at once.

    A GET, so any site can link here: a professional signed in on this browser is not
    signed out by it (their session and cookie stay); only the family sign-in ends."""
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


@bp.get("/sw.js")
def service_worker():
    """The offline guides' service worker (static/src/offline.mjs), served from the root
    so that it may answer for the public pages. Its "Exit this page" address comes first;
    browsers check for a new version on every visit (`no-cache`)."""
    built = ROOT / "static" / "build" / current_app.config["ASSET_MANIFEST"]["sw.js"]
    source = f"self.EXIT_URL = {json.dumps(current_app.config['EXIT_URL'])};\n"
    source += built.read_text(encoding="utf-8")
    return (
        source,
        200,
        {
            "Content-Type": "text/javascript; charset=utf-8",
            "Cache-Control": "no-cache",
        },
    )
