"""Meeting reminders, as a family member sees them: choose them, stop them, and the two
addresses every reminder carries (details, and stop these reminders)."""

from flask import abort, current_app, redirect, render_template, request, url_for
from sqlalchemy import select

from portal import clock
from portal.config import settings
from portal.extensions import csrf
from portal.family import bp
from portal.family.access import actor_for, ask_passcode, current_link, family_page
from portal.models import FamilyLink, db
from portal.models.outgoing import Channel, ReminderChoice
from portal.records import audit
from portal.reminders import addresses
from portal.reminders.choices import (
    available_channels,
    choices_for,
    masked,
    read_choice_form,
    remove_choices,
    set_choices,
)


@bp.route("/<lang:lang>/my-plan/reminders", methods=["GET", "POST"])
@family_page
def reminder_choices():
    """Choose reminders before each meeting, by text message and/or email."""
    link = current_link()
    channels = available_channels(current_app.config)
    errors: dict[str, str] = {}
    values = {"mobile": "", "email": "", "two_hours": False}
    saved = request.args.get("saved") == "1"
    stopped = request.args.get("stopped") == "1"
    if request.method == "POST" and channels:
        action = request.form.get("action", "save")
        actor = actor_for(link)
        if action in ("stop-sms", "stop-email", "stop-all"):
            channel = {"stop-sms": Channel.SMS, "stop-email": Channel.EMAIL}.get(action)
            remove_choices(link, actor=actor, channel=channel)
            db.session.commit()
            return redirect(url_for("family.reminder_choices", stopped=1), code=303)
        read = read_choice_form(request.form, channels)
        values, errors, chosen = read.values, read.errors, read.chosen
        if not errors:
            set_choices(
                link,
                chosen,
                two_hours_before=bool(values["two_hours"]),
                chosen_by="family",
                actor=actor,
            )
            db.session.commit()
            return redirect(url_for("family.reminder_choices", saved=1), code=303)
    else:
        audit(actor_for(link), "family.view", link.plan_id, "reminders")
        db.session.commit()
    current = {
        channel: masked(channel, row.address) for channel, row in choices_for(link.id).items()
    }
    two_hours_now = any(row.two_hours_before for row in choices_for(link.id).values())
    status = 400 if errors else 200
    return (
        render_template(
            "family/reminders.html",
            channels=channels,
            current=current,
            two_hours_now=two_hours_now,
            errors=errors,
            values=values,
            saved=saved,
            stopped=stopped,
        ),
        status,
    )


@bp.get("/r/<token>")
def reminder_details(token: str):
    """A reminder's "Details" address: on to the passcode page in the plan's language."""
    link = _reminder_link_or_404(token)
    code = link.plan.language
    if code not in current_app.config["PORTAL_LANGUAGES"]:
        code = "en"
    return redirect(url_for("family.reminder_passcode", lang=code, token=token), code=302)


@bp.route("/<lang:lang>/r/<token>", methods=["GET", "POST"])
def reminder_passcode(token: str):
    """The passcode page, reached from a reminder instead of the family link."""
    link = _reminder_link_or_404(token)
    return ask_passcode(link, url_for("family.reminder_passcode", token=token))


def _reminder_link_or_404(token: str) -> FamilyLink:
    """The link a details address names, if it is still usable (else 'page not found',
    as for a family link: a stopped or replaced link's reminders lead nowhere)."""
    found = addresses.read_details_token(settings().secret_key, token) if len(token) < 200 else None
    if found is None:
        abort(404)
    link_id, token_part = found
    link = db.session.get(FamilyLink, link_id)
    if link is None or not link.token_hash.startswith(token_part) or not link.usable(clock.now()):
        abort(404)
    return link


# A mail app's one-click "Unsubscribe" posts here without our form (RFC 8058): the
# signed address is what authorises it, as a family link's token does.
@csrf.exempt
@bp.route("/<lang:lang>/reminders/stop/<token>", methods=["GET", "POST"])
def stop_reminders(token: str):
    """Stop the reminders one message was sent for. Asks first: mail scanners open links."""
    found = addresses.read_stop_token(settings().secret_key, token) if len(token) < 200 else None
    if found is None:
        abort(404)
    choice_id, salt = found
    choice = db.session.scalar(
        select(ReminderChoice).where(ReminderChoice.id == choice_id, ReminderChoice.salt == salt)
    )
    if request.method == "POST":
        if choice is not None:
            link = choice.link
            remove_choices(link, actor=f"reminder-stop:{choice.id}", channel=choice.channel)
            db.session.commit()
        return render_template("family/reminders_stopped.html")
    if choice is None:  # already stopped, or never ours: the same calm answer
        return render_template("family/reminders_stopped.html")
    return render_template("family/reminders_stop.html", channel=choice.channel)
