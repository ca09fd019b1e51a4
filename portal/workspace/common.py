"""Helpers the professional views share: messages, the timeline."""

from flask import current_app, g
from flask_babel import gettext as _

from portal import clock
from portal.i18n import LANGUAGES
from portal.models import Plan, db
from portal.planning import FieldError, compute_timeline, parse_record
from portal.planning.timeline import Timeline
from portal.records import audit


def actor() -> str:
    return f"user:{g.professional.id}"


def error_message(error: FieldError) -> str:
    """The error in the reader's language; the English text if a translation is broken,
    and the bare template if even the English cannot take the parameters."""
    try:
        return _(error.template, **error.params)
    except (KeyError, TypeError, ValueError):
        pass
    try:
        return error.message
    except (KeyError, TypeError, ValueError):
        return error.template


def language_name(code: str) -> str:
    """ "Polish (Polski)": the English name for colleagues, the native one to recognise."""
    language = LANGUAGES.get(code)
    if language is None:
        return code
    if language.native_name == language.english_name:
        return language.english_name
    return f"{language.english_name} ({language.native_name})"


def profiles() -> dict:
    return current_app.extensions["profiles"]


def milestone_names() -> dict[tuple[str, str], str]:
    """Every milestone's name in the reader's language, keyed by (profile id, milestone
    id): a list or a download of thousands of plans translates each name once."""
    return {
        (profile.id, milestone.id): _(milestone.name)
        for profile in profiles().values()
        for milestone in profile.all_milestones
    }


def milestone_name(profile_id: str, milestone_id: str) -> str:
    """A stored milestone id as people read it. A plan saved under a profile that has
    since been withdrawn or changed keeps its id, which is shown rather than nothing."""
    profile = profiles().get(profile_id)
    milestone = profile.milestone(milestone_id) if profile is not None else None
    return _(milestone.name) if milestone is not None else milestone_id


def timeline_of(plan: Plan) -> Timeline | None:
    """The plan's timeline today, or None if its stored record no longer passes the rules
    (for example a profile was withdrawn): the page then says so instead of failing."""
    try:
        record = parse_record(plan.record, profiles())
        return compute_timeline(record, profiles()[record.profile], clock.today())
    except (ValueError, KeyError, LookupError):
        current_app.logger.warning("The timeline of plan id %s could not be computed", plan.id)
        return None


def audit_now(action: str, plan: Plan | None = None, detail: str | None = None) -> None:
    """Record what the signed-in professional did, in a transaction of its own."""
    audit(actor(), action, plan.id if plan is not None else None, detail)
    db.session.commit()
