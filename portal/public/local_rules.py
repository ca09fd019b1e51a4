"""Your council's own rules, inside the family guides.

A deployment serves one council: its procedure profile is `PORTAL_PROFILE`. The family
guides speak of "your council", and where a guide has a `[[local:NAME]]` paragraph the
page view puts that council's rules there, taken from the profile and said in the
reader's language. Other councils' procedures stay in the procedures section, for
professionals.

Pages are rendered once at start-up; the placeholders are filled per request, because
the words depend on the reader's language.
"""

from __future__ import annotations

import re

from flask import current_app, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup

from portal.config import settings
from portal.content.markdown_ext import PICTURE_SIZE, local_placeholder, picture_url
from portal.names import milestone_title, span_text
from portal.planning.profiles import Milestone, Profile, Span

# Each name a page may use in `[[local:NAME]]`, and the template that fills it.
LOCAL_SECTIONS = {
    "extra-checks": "public/_local_extra_checks.html",
    "core-group": "public/_local_core_group.html",
}

PLACEHOLDER = re.compile(
    re.escape(local_placeholder("NAME")).replace("NAME", "(?P<name>[a-z][a-z0-9-]*)")
)


def deployment_profile() -> Profile | None:
    """The profile of the council this copy of the portal serves."""
    profiles = current_app.extensions.get("profiles", {})
    return profiles.get(settings().profile)


def weeks_text(weeks: int) -> str:
    return ngettext("%(num)d week", "%(num)d weeks", weeks)


# What each kind of check is, in one Easy Read line, and its picture: a family meets
# these only as names on a timeline, and each kind looks different.
EASY_READ_CHECKS = {
    "line-manager-review": ("manager", _l("Managers check the plan. You do not go.")),
    "senior-manager-review": ("manager", _l("Senior managers check the plan. You do not go.")),
    "group-manager-review": ("manager", _l("A manager checks the plan. You do not go.")),
    "group-manager-review-16": ("manager", _l("A manager checks the plan. You do not go.")),
    "chair-mid-point-review": (
        "chair",
        _l("The chair checks the plan with your social worker. You do not go."),
    ),
    "legal-planning-meeting": (
        "lawyer",
        _l("The council may talk to its lawyers. This is not court. You do not go."),
    ),
    "qa-manager-review": (
        "quality",
        _l("A manager checks how well the plan works. You do not go."),
    ),
}
EASY_READ_OTHER_CHECK = ("check", _l("Managers check the plan. You do not go."))


def review_month(profile: Profile, number: int) -> int:
    """About how many months after the first conference review conference ``number`` is."""
    return sum(profile.interval_after(before) for before in range(number))


def months_text(start: int, span: Span | None = None) -> str:
    """When a check falls, in months of the plan, never as a review's number: a family
    counts months, not conferences."""
    if span is not None and span.unit == "months" and span.amount > 0:
        return _("Between %(start)d and %(end)d months", start=start, end=start + span.amount)
    return _("At about %(months)d months", months=start)


def milestone_timing(profile: Profile, milestone: Milestone) -> str:
    if milestone.at_months is not None:
        return months_text(milestone.at_months)
    if milestone.after_review is not None:
        return months_text(review_month(profile, milestone.after_review), milestone.within)
    return ""


def council_checks(profile: Profile | None) -> list[dict[str, str]]:
    """The profile's own escalation points (not the built-in 18th birthday), in order,
    named as the family timeline names them."""
    if profile is None:
        return []
    checks = []
    for milestone in profile.milestones:
        if milestone.builtin:
            continue
        picture, easy_read = EASY_READ_CHECKS.get(milestone.id, EASY_READ_OTHER_CHECK)
        name = milestone_title(milestone.id)
        # "Quality check at 18 months" says when already: not "At about 18 months" too.
        said = milestone.at_months is not None and str(milestone.at_months) in name
        checks.append(
            {
                "when": "" if said else milestone_timing(profile, milestone),
                "name": name,
                "family": _(milestone.family),
                "picture": picture,
                "easy_read": str(easy_read),
            }
        )
    rule = profile.exceptional_review
    if rule is not None:  # the 21-month policy's 24-month conference
        month = review_month(profile, rule.after_review + 1)
        checks.append(
            {
                "when": months_text(month),
                "name": _(rule.name),
                "family": _(rule.family),
                "picture": "meeting",
                "easy_read": _("This meeting only happens in rare cases. You are asked to come."),
            }
        )
    return checks


def fill_local_sections(html: Markup, *, pictures: bool = False) -> Markup:
    """Replace each `[[local:NAME]]` placeholder with the deployment council's rules;
    on an Easy Read page (`pictures`) each statement has its picture beside it."""
    if "portal-local" not in html:
        return html
    profile = deployment_profile()

    def fill(match: re.Match) -> str:
        template = LOCAL_SECTIONS.get(match.group("name"))
        if template is None:  # the content check reports unknown names
            return ""
        return render_template(
            template,
            profile=profile,
            checks=council_checks(profile),
            span_text=span_text,
            span_weeks=weeks_text,
            pictures=pictures,
            picture_url=picture_url,
            picture_size=PICTURE_SIZE,
        )

    return Markup(PLACEHOLDER.sub(fill, str(html)))
