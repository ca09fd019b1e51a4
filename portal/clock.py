"""What "today" means in the portal: the date in England, whatever the server's time zone
(docs/decisions/0004-today-means-england.md).

Everything that shows or works with today's date asks this module, at call time, through
the module (`clock.today()`), never a copy imported by name, so that tests can fix "now"
with `monkeypatch.setattr(clock, "today", ...)` and every caller sees it.
"""

import datetime as dt
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def today() -> dt.date:
    """Today's date in England."""
    return dt.datetime.now(LONDON).date()


def now() -> dt.datetime:
    """Now in UTC without a time zone, as the database stores times."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
