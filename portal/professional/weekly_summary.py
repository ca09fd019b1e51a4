"""A professional chooses the weekly email summary of what is due in their plans
(portal/reminders/digest.py); it is off until they choose it."""

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.languages import current_language
from portal.models import Role, db
from portal.models.outgoing import Channel
from portal.professional import bp
from portal.reminders.digest import SUMMARY_ROLES
from portal.reminders.senders import senders_from_config
from portal.workspace.auth import login_required
from portal.workspace.common import audit_now


@bp.route("/weekly-summary", methods=["GET", "POST"])
@login_required(*SUMMARY_ROLES)
def weekly_summary():
    """Email me a weekly summary: yes or no."""
    user = g.professional
    can_send = Channel.EMAIL in senders_from_config(current_app.config)
    needs_team = user.role == Role.MANAGER and not user.team
    error = None
    if request.method == "POST":
        choice = request.form.get("weekly_summary", "")
        if choice not in ("yes", "no"):
            error = _("Choose yes or no")
        elif choice == "yes" and needs_team:
            error = _("Ask an administrator to add you to a team first")
        else:
            user.weekly_summary = current_language().code if choice == "yes" else None
            audit_now("user.weekly_summary", detail=choice)
            db.session.commit()
            flash(
                _("You will get the summary by email every Monday.")
                if choice == "yes"
                else _("You will not get the weekly summary.")
            )
            return redirect(url_for("professional.weekly_summary"))
    else:
        audit_now("user.view_weekly_summary")
    return render_template(
        "professional/weekly_summary.html",
        chosen=request.form.get("weekly_summary")
        if error
        else ("yes" if user.weekly_summary else "no"),
        error=error,
        can_send=can_send,
        needs_team=needs_team,
    ), (422 if error else 200)
