"""Getting in and out: the private link, its passcode, the family session, signing out.

A family member's way in is a link token (printed in a letter or sent by text) plus a
passcode told to them separately. Only after the passcode does the session name the
link: by its id and by its token's hash, which is never reused. Ids can be: after
`retention apply` deletes the newest links, or `restore` rolls the database back, the
next link made gets an old id, and a session naming only the id would open another
family's plan. Every family page checks the link again, so stopping or expiring a link
ends a session that is already open.
"""

import datetime as dt
from dataclasses import dataclass
from functools import wraps
from typing import cast

from flask import abort, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.orm import joinedload

from portal import clock
from portal.config import settings
from portal.family import bp
from portal.family_session import (
    LINK_KEY,
    SESSION_KEY,
    SIGNED_IN_AT_KEY,
    end_family_session,
)
from portal.link_audience import Visibility
from portal.models import FamilyLink, Plan, db
from portal.records import LinkCheck, audit, check_passcode, find_link
from portal.records.secrets import normalise_passcode

PASSCODE_DIGITS = 8


@dataclass(frozen=True)
class LiveLink:
    """What every family page must know about its link, without loading the plan."""

    id: int
    plan_id: int
    plan_version: int
    view: str
    hidden: str

    @property
    def visibility(self) -> Visibility:
        return Visibility.of(self.view, self.hidden)


def actor_for(link: FamilyLink | LiveLink) -> str:
    return f"family-link:{link.id}"


# Built once: every family request runs it.
LIVE_LINK_QUERY = (
    select(FamilyLink.id, FamilyLink.plan_id, Plan.version, FamilyLink.view, FamilyLink.hidden)
    .join(FamilyLink.plan)
    .where(
        FamilyLink.id == bindparam("link_id"),
        FamilyLink.token_hash == bindparam("link_key"),
        # The hybrid's SQL side compares the column with any expression; its signature
        # names the Python side's datetime, which the bound value will be.
        FamilyLink.usable(cast(dt.datetime, bindparam("now"))),
        # Not signed out of since this session began.
        or_(
            FamilyLink.sessions_ended_at.is_(None),
            FamilyLink.sessions_ended_at < bindparam("signed_in_at"),
        ),
    )
)
# A session from before sessions recorded when they began counts as the oldest.
LONG_AGO = dt.datetime(2000, 1, 1)  # noqa: DTZ001 - naive UTC, as the database stores times


def _signed_in_at(value: object) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else LONG_AGO
    except ValueError:
        return LONG_AGO


def live_link(session_data) -> LiveLink | None:
    """The session's link if it can still be used and this session was not signed out:
    one indexed query, no plan loaded. `session_data` is the session, or the contents of
    its cookie."""
    link_id = session_data.get(SESSION_KEY)
    link_key = session_data.get(LINK_KEY)
    if type(link_id) is not int or type(link_key) is not str:
        return None
    now = clock.now()
    signed_in_at = _signed_in_at(session_data.get(SIGNED_IN_AT_KEY))
    # The hour counts from the passcode, whenever the cookie was last signed again. (A
    # session from before the time was recorded has only the cookie's own age limit.)
    recorded = signed_in_at is not LONG_AGO
    if recorded and now - signed_in_at > current_app.permanent_session_lifetime:
        return None
    values = {
        "link_id": link_id,
        "link_key": link_key,
        "now": now,
        "signed_in_at": signed_in_at,
    }
    # A connection of its own rather than the ORM session: a third of the cost, and
    # nothing is loaded that a page kept in memory would not use.
    with db.engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            # One read needs no transaction: autocommit spares a database server the
            # BEGIN and ROLLBACK round trips (PostgreSQL: 1,400 → 1,850 pages a second).
            # SQLite starts no transaction for a read anyway, and switching costs time.
            connection.execution_options(isolation_level="AUTOCOMMIT")
        row = connection.execute(LIVE_LINK_QUERY, values).first()
    return LiveLink(*row) if row else None


def family_page(view):
    """Only for a live family session; sets `g.live_link`. Otherwise the session ends."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        link = live_link(session)
        if link is None:
            had_session = SESSION_KEY in session
            end_family_session()
            if had_session:
                current_app.logger.info("Family session ended: link no longer usable")
            return redirect(url_for("family.session_ended"), code=303)
        g.live_link = link
        return view(*args, **kwargs)

    return wrapper


def current_link() -> FamilyLink:
    """The signed-in link with its plan, loaded (once) for pages that show the plan."""
    if "family_link" not in g:
        g.family_link = db.session.get(
            FamilyLink, g.live_link.id, options=[joinedload(FamilyLink.plan)]
        )
    return g.family_link


def _usable_link_or_404(token: str) -> FamilyLink:
    """Unknown, expired and stopped links all look the same: a plain 'page not found'."""
    link = find_link(token, now=clock.now())
    if link is None:
        abort(404)
    return link


@bp.get("/f/<token>")
def open_link(token: str):
    """The address printed in letters: send the reader on in their plan's language."""
    link = _usable_link_or_404(token)
    code = link.plan.language
    if code not in settings().languages:
        code = "en"
    return redirect(url_for("family.passcode", lang=code, token=token), code=302)


@bp.route("/<lang:lang>/f/<token>", methods=["GET", "POST"])
def passcode(token: str):
    """Ask for the passcode that goes with a private link."""
    link = _usable_link_or_404(token)
    return ask_passcode(link, url_for("family.passcode", token=token))


def ask_passcode(link: FamilyLink, action: str):
    """The passcode page for a usable link (reached by its own address or a reminder's),
    and what entering a passcode does: five wrong ones lock the link for 15 minutes."""
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        entered = request.form.get("passcode", "")
        digits = normalise_passcode(entered)
        if not entered.strip():
            errors["passcode"] = _("Enter your passcode.")
        elif len(digits) != PASSCODE_DIGITS:
            # Not a guess at a real passcode (wrong length), so it is not counted.
            errors["passcode"] = _("The passcode has 8 numbers, like 1234 5678.")
        else:
            result = check_passcode(link, digits, now=clock.now())
            if result is LinkCheck.OK:
                session.clear()
                session[SESSION_KEY] = link.id
                session[LINK_KEY] = link.token_hash
                session[SIGNED_IN_AT_KEY] = clock.now().isoformat()
                session.permanent = True
                first = "family.young_person" if link.visibility.young_person else "family.plan"
                return redirect(url_for(first), code=303)
            if result is LinkCheck.LOCKED:
                status = 429
                errors["passcode"] = _(
                    "This link is locked for 15 minutes after 5 wrong passcodes. "
                    "Try again later, or ask your social worker."
                )
            else:
                errors["passcode"] = _("The passcode is not right. Check it and try again.")
    return render_template("family/passcode.html", action=action, errors=errors), status


@bp.post("/<lang:lang>/my-plan/sign-out")
@family_page
def sign_out():
    """End the family session on this device."""
    link = g.live_link
    # Every session opened with this link until now ends, a copied cookie's too.
    db.session.execute(
        update(FamilyLink).where(FamilyLink.id == link.id).values(sessions_ended_at=clock.now())
    )
    audit(actor_for(link), "family.sign_out", link.plan_id)
    db.session.commit()
    if "family_pages" in current_app.extensions:
        current_app.extensions["family_pages"].forget_link(link.id)
    session.clear()
    return redirect(url_for("family.signed_out"), code=303)


@bp.get("/<lang:lang>/my-plan/signed-out")
def signed_out():
    """Confirms that the reader has signed out."""
    return render_template("family/session_ended.html", signed_out=True)


@bp.get("/<lang:lang>/my-plan/session-ended")
def session_ended():
    """Where a family page sends the reader when there is no live session."""
    return render_template("family/session_ended.html", signed_out=False)
