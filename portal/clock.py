"""What "today" means in the portal: the date in England, whatever the server's time zone
(docs/decisions/0004-today-means-england.md).

Everything that shows or works with today's date asks this module, at call time, through
the module (`clock.today()`), never a copy imported by name, so that tests can fix "now"
with `monkeypatch.setattr(clock, "today", ...)` and every caller sees it.

The database keeps moments as UTC without a time zone; the helpers here turn them into
England's time and date and back, so that no other module converts time zones itself
(a second converter is how a meeting just after midnight ends up on the day before).
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


def local(moment: dt.datetime) -> dt.datetime:
    """A moment kept as UTC without a time zone, as the time in England (with its zone)."""
    return moment.replace(tzinfo=dt.UTC).astimezone(LONDON)


def date_in_england(moment: dt.datetime) -> dt.date:
    """The date in England at a moment kept as UTC without a time zone."""
    return local(moment).date()


def to_utc(moment: dt.datetime) -> dt.datetime:
    """A moment with a time zone as UTC without one, as the database stores times."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def in_england(day: dt.date, time: dt.time) -> dt.datetime:
    """A date and wall-clock time in England, as UTC without a time zone."""
    return to_utc(dt.datetime.combine(day, time, tzinfo=LONDON))
