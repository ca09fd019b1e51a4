"""Translated names used across templates, in one place (extracted by pybabel)."""

from flask_babel import lazy_gettext as _l

SECTION_TITLES = {
    "parents": _l("For parents and carers"),
    "easy-read": _l("Easy Read"),
    "young-people": _l("For young people"),
    "professionals": _l("For professionals"),
    "procedures": _l("Procedures"),
}

SECTION_INTROS = {
    "parents": _l("What a child protection plan means for your family, and what happens next."),
    "easy-read": _l("The most important pages, in short sentences with hard words explained."),
    "young-people": _l("What a plan is, who is helping, and how to have your say."),
    "professionals": _l("Sharing guides and giving families private access to their plan."),
    "procedures": _l("The local rules that govern child protection plans."),
}


def init_app(app) -> None:
    app.add_template_global(SECTION_TITLES, "section_titles")
    app.add_template_global(SECTION_INTROS, "section_intros")
