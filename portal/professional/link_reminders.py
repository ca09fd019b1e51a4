"""A family member's reminder choice, recorded by the professional on the member's link
(when they set reminders up together, on the phone or at a visit). The member can still
change or stop them on their own reminders page."""

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from portal.models import FamilyLink, db, utcnow
from portal.models.outgoing import ReminderChoice
from portal.professional import bp
from portal.reminders.choices import (
    available_channels,
    choices_for,
    masked,
    read_choice_form,
    remove_choices,
    set_choices,
)
from portal.workspace.auth import PLAN_ROLES, login_required, plan_for
from portal.workspace.common import actor, audit_now


@bp.app_template_global()
def link_reminders(links: list[FamilyLink]) -> list[tuple[FamilyLink, dict[str, str]]]:
    """For the plan page: each working link with its reminders (masked), in one query."""
    now = utcnow()
    usable = [link for link in links if link.usable(now)]
    found: dict[int, dict[str, str]] = {link.id: {} for link in usable}
    if usable:
        for row in db.session.scalars(
            select(ReminderChoice).where(ReminderChoice.link_id.in_(list(found)))
        ):
            found[row.link_id][row.channel] = masked(row.channel, row.address)
    return [(link, found[link.id]) for link in usable]


def _link_of(reference: str, link_id: int):
    plan = plan_for(g.professional, reference)
    link = db.session.get(FamilyLink, link_id)
    if link is None or link.plan_id != plan.id:
        abort(404)
    return plan, link


@bp.route(
    "/plans/<reference:reference>/links/<int(max=2147483647):link_id>/reminders",
    methods=["GET", "POST"],
)
@login_required(*PLAN_ROLES)
def link_reminder_choice(reference: str, link_id: int):
    """Record, change or remove the reminders a family member agreed to."""
    plan, link = _link_of(reference, link_id)
    channels = available_channels(current_app.config)
    usable = link.usable(utcnow())
    errors: dict[str, str] = {}
    values = {"mobile": "", "email": "", "two_hours": False, "agreed": False}
    if request.method == "POST":
        if not usable or not channels:
            abort(409)
        if request.form.get("action") == "remove":
            removed = remove_choices(link, actor=actor())
            db.session.commit()
            if removed:
                flash(_("Reminders for %(label)s are removed.", label=link.label))
            return redirect(url_for("professional.plan", reference=plan.reference) + "#reminders")
        read = read_choice_form(request.form, channels)
        values = {**read.values, "agreed": request.form.get("agreed") == "yes"}
        errors, chosen = read.errors, read.chosen
        if not values["agreed"]:
            errors["agreed"] = _(
                "Confirm that %(label)s agreed to these reminders", label=link.label
            )
        if not errors:
            set_choices(
                link,
                chosen,
                # Already a bool (read_choice_form's own), in a dict that also holds text.
                two_hours_before=bool(values["two_hours"]),
                chosen_by="professional",
                actor=actor(),
            )
            db.session.commit()
            flash(_("Reminders for %(label)s are recorded.", label=link.label))
            return redirect(url_for("professional.plan", reference=plan.reference) + "#reminders")
    else:
        audit_now("professional.view_link_reminders", plan, f"link:{link.id}")
    current = {ch: masked(ch, row.address) for ch, row in choices_for(link.id).items()}
    return render_template(
        "professional/link_reminders.html",
        plan=plan,
        link=link,
        usable=usable,
        channels=channels,
        current=current,
        two_hours_now=any(row.two_hours_before for row in choices_for(link.id).values()),
        errors=errors,
        summary=[(message, f"#{field}") for field, message in errors.items()],
        values=values,
    ), (422 if errors else 200)
