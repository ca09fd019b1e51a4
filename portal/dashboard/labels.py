"""Words the dashboard shows for its own codes (duration bands, overdue choices, sorts)."""

from flask_babel import lazy_gettext as _l

BAND_NAMES = {
    "under-3": _l("Under 3 months"),
    "3-9": _l("3 to 9 months"),
    "9-15": _l("9 to 15 months"),
    "15-21": _l("15 to 21 months"),
    "21-24": _l("21 to 24 months"),
    "24-plus": _l("24 months and over"),
}

# The longer the plan, the stronger the colour: drift should catch the eye.
BAND_TAGS = {
    "under-3": "govuk-tag--grey",
    "3-9": "govuk-tag--grey",
    "9-15": "govuk-tag--blue",
    "15-21": "govuk-tag--yellow",
    "21-24": "govuk-tag--orange",
    "24-plus": "govuk-tag--red",
}

OVERDUE_NAMES = {
    "any": _l("Anything overdue"),
    "review": _l("Review conference overdue"),
    "core-group": _l("Core group meeting overdue"),
    "milestone": _l("Milestone overdue"),
    "visit": _l("Visit overdue"),
}

SORT_NAMES = {
    "duration": _l("Duration"),
    "next-review": _l("Next review"),
    "reference": _l("Reference"),
}

APPROACHING_TITLES = {
    9: _l("Reaching 9 months"),
    15: _l("Reaching 15 months"),
    21: _l("Reaching 21 months"),
    24: _l("Reaching 24 months"),
}
