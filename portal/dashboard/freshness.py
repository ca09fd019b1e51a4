"""Whether the dashboard's stored due dates were worked out with today's timescales.

Saving a plan works its dates out with the profiles of the moment. When a profile's
timescales change, the dates of plans already stored are not worked out again until
someone runs `flask dashboard refresh`; until then the dashboard says so, rather than
show dates that may be wrong as if they were right.
"""

from flask import current_app

from portal.models import PortalState, db
from portal.planning import timescales_fingerprint

STATE_KEY = "dashboard_timescales"


def current_fingerprint() -> str:
    return timescales_fingerprint(current_app.extensions["profiles"])


def dates_match_the_timescales() -> bool:
    stored = db.session.get(PortalState, STATE_KEY)
    return stored is not None and stored.value == current_fingerprint()


def record_the_timescales() -> None:
    """After every plan's dates were worked out again (in the caller's transaction)."""
    stored = db.session.get(PortalState, STATE_KEY)
    if stored is None:
        db.session.add(PortalState(key=STATE_KEY, value=current_fingerprint()))
    else:
        stored.value = current_fingerprint()
