"""The family's own plan, reached by a private link and a passcode."""

from flask import Blueprint

from portal.security import keep_private
from portal.sharing import absolute_url

bp = Blueprint("family", __name__)
bp.after_request(keep_private)  # special-category data: never cached, indexed or referred
# Guide links on the family's pages are full addresses, so a printed plan says where to
# read more (the print stylesheet writes out every http address after its link).
bp.add_app_template_global(absolute_url, "full_url")


from portal.family import access, calendar, reminders, views  # noqa: E402,F401  (routes register on import)
