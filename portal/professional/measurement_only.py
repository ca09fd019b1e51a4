"""Plans "for measurement only" in the workspace: loaded from an Annex A list, counted
in the dashboard, and refused a family link or an export until a professional completes
them with the plan form (portal/records/stand_ins.py)."""

from flask_babel import gettext as _


def link_refused() -> dict[str, str]:
    """The share form's error, keyed by where the page shows it."""
    return {
        "family-links": _(
            "You cannot make a family link for this plan yet: it is for measurement only."
            " Complete the record first: add the child's first name and the social"
            " worker's phone or email."
        )
    }


def export_refused() -> dict[str, str]:
    return {
        "measurement-only": _(
            "This plan cannot be exported yet: it is for measurement only. Complete the"
            " record first."
        )
    }
