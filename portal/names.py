"""Translated names used across templates, in one place (extracted by pybabel)."""

import datetime as dt

from babel.dates import format_time
from flask_babel import format_date, get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.planning.profiles import Span

SECTION_TITLES = {
    "parents": _l("For parents and carers"),
    "easy-read": _l("Easy Read"),
    "young-people": _l("For young people"),
    "professionals": _l("For professionals"),
    "procedures": _l("Procedures for professionals"),
}

# The guides written for families: they speak of "your council" and never send a family
# to another council's procedure.
FAMILY_SECTIONS = ("parents", "easy-read", "young-people")

SECTION_INTROS = {
    "parents": _l("What a child protection plan means for your family, and what happens next."),
    "easy-read": _l("The most important pages, in short sentences with hard words explained."),
    "young-people": _l("What a plan is, who is helping, and how to have your say."),
    "professionals": _l("Sharing guides and giving families private access to their plan."),
    "procedures": _l(
        "Examples of local rules from named councils and safeguarding partnerships, for "
        "professionals. They may not be the rules where a family lives."
    ),
}


def milestone_title(milestone_id: str) -> str:
    """A family's short name for an escalation point (the family timeline and the
    council's own-rules box say the same); the profile's text explains it."""
    titles = {
        "eighteenth-birthday": _("Your child's 18th birthday"),
        "line-manager-review": _("Managers' review of the plan"),
        "senior-manager-review": _("Senior managers' review of the plan"),
        "chair-mid-point-review": _("Chair's one-year check"),
        "legal-planning-meeting": _("Legal planning meeting"),
        "qa-manager-review": _("Quality check at 18 months"),
        "group-manager-review": _("Group manager's review"),
        "group-manager-review-16": _("Group manager's review at 16 months"),
    }
    return titles.get(milestone_id, _("A check on how the plan is going"))


def weekday_date(value: dt.date) -> str:
    """A date with its weekday, as the reader's language writes it: "Thursday 17 December
    2026" in English (GOV.UK style, no comma), the locale's full date elsewhere."""
    if get_locale().language == "en":
        return format_date(value, "EEEE d MMMM y")
    return format_date(value, "full")


def clock_time(value: dt.time) -> str:
    """A time as the reader's language writes it: "3:30pm" and "10am" in English
    (GOV.UK style, 12-hour), the locale's short time elsewhere ("15:30")."""
    if get_locale().language == "en":
        hour = value.hour % 12 or 12
        minutes = f":{value.minute:02d}" if value.minute else ""
        return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"
    return format_time(value, "short", locale=get_locale())


def duration(months: int, days: int) -> str:
    """ "9 months and 4 days", "1 month", "6 days", in the reader's language."""
    month_text = ngettext("%(num)d month", "%(num)d months", months)
    day_text = ngettext("%(num)d day", "%(num)d days", days)
    if months and days:
        return _("%(months)s and %(days)s", months=month_text, days=day_text)
    return month_text if months else day_text


def span_text(span: Span) -> str:
    """ "10 working days", "14 days", "2 weeks", in the reader's language."""
    if span.unit == "working_days":
        return ngettext("%(num)d working day", "%(num)d working days", span.amount)
    if span.unit == "weeks":
        return ngettext("%(num)d week", "%(num)d weeks", span.amount)
    if span.unit == "months":
        return ngettext("%(num)d month", "%(num)d months", span.amount)
    return ngettext("%(num)d day", "%(num)d days", span.amount)


def init_app(app) -> None:
    app.add_template_global(SECTION_TITLES, "section_titles")
    app.add_template_global(SECTION_INTROS, "section_intros")
    app.add_template_global(FAMILY_SECTIONS, "family_sections")
    app.add_template_global(duration, "plan_duration")
