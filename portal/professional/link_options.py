"""The words for a family link's audience and hidden sections, in the workspace."""

from flask_babel import gettext as _

from portal.link_audience import (
    CONCERNS,
    CONTACTS,
    FAMILY,
    HIDEABLE,
    PARENT_NEEDS,
    PLACES,
    YOUNG_PERSON,
    UnknownSection,
    parse_hidden,
)


def view_names() -> dict[str, str]:
    return {
        FAMILY: _("Family member: the whole plan"),
        YOUNG_PERSON: _("Young person: their own view, without the adults' sections"),
    }


def short_view_names() -> dict[str, str]:
    return {FAMILY: _("Family member"), YOUNG_PERSON: _("Young person")}


def section_names() -> dict[str, str]:
    return {
        PLACES: _("Meeting places and times"),
        PARENT_NEEDS: _("What the parents need"),
        CONTACTS: _("Family members in the core group"),
        CONCERNS: _("What people are worried about"),
    }


def read_audience(form) -> tuple[str | None, frozenset[str], dict[str, str]]:
    """The view and hidden sections chosen in the share form, and any errors by field."""
    errors = {}
    view = form.get("view", FAMILY)
    if view not in view_names():
        errors["view"] = _("Choose who the link is for: a family member or a young person")
        view = None
    try:
        hidden = parse_hidden(",".join(form.getlist("hide")))
    except UnknownSection:
        errors["hide"] = _("Choose only the sections listed")
        hidden = frozenset()
    return view, hidden, errors


def hidden_names(names: frozenset[str]) -> list[str]:
    words = section_names()
    return [words[name] for name in HIDEABLE if name in names]
