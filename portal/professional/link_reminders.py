"""A family member's reminder choice, recorded by the professional on the member's link
(when they set reminders up together, on the phone or at a visit). The member can still
change or stop them on their own reminders page."""

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from portal.models import FamilyLink, ReminderChoice, db, utcnow
from portal.professional import bp
from portal.reminders.choices import (
    choices_for,
    email_address,
    masked,
    remove_choices,
    set_choice,
    uk_mobile,
)
from portal.reminders.senders import EMAIL, SMS, senders_from_config
from portal.workspace.auth import PLAN_ROLES, login_required, plan_for
from portal.workspace.common import actor, audit_now

MAX_FIELD = 320


def _channels() -> tuple[str, ...]:
    senders = senders_from_config(current_app.config)
    return tuple(channel for channel in (SMS, EMAIL) if channel in senders)


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
    channels = _channels()
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
        values = {
            "mobile": request.form.get("mobile", "")[:MAX_FIELD],
            "email": request.form.get("email", "")[:MAX_FIELD],
            "two_hours": request.form.get("two_hours") == "yes",
            "agreed": request.form.get("agreed") == "yes",
        }
        chosen: dict[str, str] = {}
        if SMS in channels and values["mobile"].strip():
            number = uk_mobile(values["mobile"])
            if number is None:
                errors["mobile"] = _("Enter a UK mobile number, like 07700 900123")
            else:
                chosen[SMS] = number
        if EMAIL in channels and values["email"].strip():
            address = email_address(values["email"])
            if address is None:
                errors["email"] = _("Enter an email address, like name@example.com")
            else:
                chosen[EMAIL] = address
        if not chosen and not errors:
            errors["mobile" if SMS in channels else "email"] = (
                _("Enter a mobile number or an email address")
                if len(channels) == 2
                else _("Enter a UK mobile number, like 07700 900123")
                if SMS in channels
                else _("Enter an email address, like name@example.com")
            )
        if not values["agreed"]:
            errors["agreed"] = _(
                "Confirm that %(label)s agreed to these reminders", label=link.label
            )
        if not errors:
            for channel, address in chosen.items():
                set_choice(
                    link,
                    channel,
                    address,
                    two_hours_before=values["two_hours"],
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
