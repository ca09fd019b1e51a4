"""The family view's clock, in one place so tests can fix "now".

Tests monkeypatch these two functions (``monkeypatch.setattr(clock, "today", ...)``);
the views always call them through this module, never a copy of them.
"""

import datetime as dt
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def today() -> dt.date:
    """Today's date in England, whatever the server's time zone."""
    return dt.datetime.now(LONDON).date()


def now() -> dt.datetime:
    """Now in UTC without a time zone, as the database stores link times."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
