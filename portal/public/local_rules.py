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
from flask_babel import ngettext
from markupsafe import Markup

from portal.config import settings
from portal.content.markdown_ext import PICTURE_SIZE, local_placeholder, picture_url
from portal.names import span_text
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


def milestone_timing(milestone: Milestone) -> str:
    if milestone.at_months is not None:
        return _("At about %(months)d months", months=milestone.at_months)
    if milestone.after_review is not None:
        if milestone.within is not None:
            return _(
                "Within %(span)s of review conference %(number)d",
                span=span_text(milestone.within),
                number=milestone.after_review,
            )
        return _("After review conference %(number)d", number=milestone.after_review)
    return ""


def council_checks(profile: Profile | None) -> list[dict[str, str]]:
    """The profile's own escalation points (not the built-in 18th birthday), in order."""
    if profile is None:
        return []
    checks = []
    for milestone in profile.milestones:
        if milestone.builtin:
            continue
        checks.append(
            {
                "when": milestone_timing(milestone),
                "name": _(milestone.name),
                "family": _(milestone.family),
            }
        )
    rule = profile.exceptional_review
    if rule is not None:  # the 21-month policy's 24-month conference
        checks.append(
            {
                "when": _(
                    "Within %(span)s of review conference %(number)d",
                    span=span_text(Span(profile.interval_after(rule.after_review), "months")),
                    number=rule.after_review,
                ),
                "name": _(rule.name),
                "family": _(rule.family),
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
