"""The family's own plan, reached by a private link and a passcode."""

from flask import Blueprint

from portal.security import keep_private

bp = Blueprint("family", __name__)
bp.after_request(keep_private)  # special-category data: never cached, indexed or referred


from portal.family import access, calendar, reminders, views  # noqa: E402,F401  (routes register on import)
